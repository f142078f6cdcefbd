// A λ path trained by gradient descent: a large L2 λ adds 2λ to the loss's curvature, so the same
// SGD step that fits small λ blows up at large λ. Each λ that diverges is flagged with its reason
// and has no scores; λmin, λ1se and the chosen λ are picked among the others; the sweep completes
// and says so in a warning (and fails only when every λ diverged).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { engineFixture, tempDir } from '../helpers';
import { regula } from '../cli/runCli';

const base = { target: 'y', features: ['a', 'b'], solver: 'gradient' as const, optimizer: { kind: 'sgd' as const, learningRate: 0.6, momentum: 0 }, epochs: 30 };

describe('divergence inside a λ sweep', () => {
  it('flags each diverged λ, scores none of them, and picks λmin / λ1se among the rest', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    const sweep = await (await project.startSweep({ base: { datasetId: dataset.id, ...base }, reg: 'l2', from: 10, to: 0.001, steps: 5, folds: 3 })).done;
    const all = await (await project.startSweep({ base: { datasetId: dataset.id, ...base }, reg: 'l2', from: 10, to: 5, steps: 2 })).done;
    await project.close();

    expect(sweep.error).toBeUndefined();
    expect(sweep.status).toBe("completed");
    const diverged = sweep.points.filter((p) => p.diverged !== undefined);
    const fitted = sweep.points.filter((p) => p.diverged === undefined);
    expect(diverged.length).toBeGreaterThan(0);
    expect(fitted.length).toBeGreaterThan(0);
    // The strongest penalty is the one that blows up.
    expect(sweep.points[0]!.diverged).toMatch(/loss|objective/);
    for (const p of diverged) {
      expect(p.cv).toBeUndefined();
      expect(p.coefficients).toBeUndefined();
      expect(Object.keys(p.metrics.validation)).toHaveLength(0);
    }
    for (const p of fitted) {
      expect(Number.isFinite(p.cv!.mean)).toBe(true);
      expect(Number.isFinite(p.metrics.validation.mse!)).toBe(true);
    }
    const fittedLambdas = fitted.map((p) => p.lambda);
    expect(fittedLambdas).toContain(sweep.lambdaMin);
    expect(fittedLambdas).toContain(sweep.lambda1se);
    expect(fittedLambdas).toContain(sweep.chosen!.lambda);
    // λmin is the lowest CV error among the fitted λ, computed here from the stored points.
    const best = fitted.reduce((a, b) => (b.cv!.mean < a.cv!.mean ? b : a));
    expect(sweep.lambdaMin).toBe(best.lambda);
    expect(sweep.warnings?.join(' ')).toMatch(new RegExp(`${diverged.length} of 5 λ values diverged`));

    // Every λ diverged: the sweep fails with the reason, its flagged points kept.
    expect(all.status).toBe('failed');
    expect(all.error).toMatch(/Every λ of the path diverged/);
    expect(all.points.every((p) => p.diverged !== undefined)).toBe(true);
  }, 240_000);

  it('regula sweep --json lists the diverged λ and flags their points', async () => {
    const { code, stdout } = await regula([
      'sweep', engineFixture('linear.csv'), '--target', 'y', '--features', 'a,b', '--reg', 'l2', '--grid', '10:0.001:3', '--solver', 'gradient', '--optimizer', 'sgd', '--learning-rate', '0.6', '--epochs', '30', '--json', '--quiet',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { divergedLambdas: number[]; points: { lambda: number; diverged?: string; metrics: { validation: Record<string, number> } }[]; chosen: { lambda: number } };
    expect(out.divergedLambdas).toContain(10);
    expect(out.points.find((p) => p.lambda === 10)!.diverged).toBeDefined();
    expect(out.divergedLambdas).not.toContain(out.chosen.lambda);
    expect(out.points.filter((p) => p.diverged === undefined).every((p) => Number.isFinite(p.metrics.validation.mse))).toBe(true);
  }, 120_000);
});
