// The CLI as a script would use it: real process, real file, JSON on stdout, errors on stderr.
import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineFixture, snapshotTree, tempDir } from '../helpers';
import { regula } from './runCli';

describe('regula CLI', () => {
  it('inspect --json reports rows and typed columns', async () => {
    const { code, stdout } = await regula(['inspect', engineFixture('linear.csv'), '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.rows).toBe(240);
    expect(report.columns.map((c: { name: string; type: string; missing: number }) => [c.name, c.type, c.missing])).toEqual([
      ['a', 'number', 0],
      ['b', 'number', 0],
      ['noise', 'number', 0],
      ['region', 'category', 0],
      ['y', 'number', 0],
    ]);
    expect(report).toHaveProperty('encoding');
    expect(report).toHaveProperty('delimiter', ',');
    expect(report).toHaveProperty('headerRow', 1);
  });

  it('train --json trains in a project and prints the documented keys', async () => {
    const project = path.join(await tempDir(), 'proj');
    const { code, stdout, stderr } = await regula([
      'train', engineFixture('linear.csv'), '--target', 'y', '--features', 'a,b,noise', '--reg', 'l1', '--l1', '0.5', '--project', project, '--json',
    ]);
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.runId).toMatch(/^r-/);
    expect(out.task).toBe('regression');
    expect(['wasm', 'cpu', 'tensorflow']).toContain(out.backend);
    expect(out.features.map((f: { name: string }) => f.name)).toEqual(['a', 'b', 'noise']);
    for (const f of out.features) {
      expect(Number.isFinite(f.mean)).toBe(true);
      expect(f.std).toBeGreaterThan(0);
    }
    expect(out.metrics.train.rmse).toBeGreaterThan(0);
    expect(out.metrics.validation.r2).toBeGreaterThan(0.9);
    expect(existsSync(path.join(out.modelDir, 'model.json'))).toBe(true);
    expect(out.coefficients.map((c: { feature: string }) => c.feature)).toEqual(['a', 'b', 'noise']);
    expect(out.loss.total).toBeCloseTo(out.loss.data + out.loss.penalty, 10);
    // Original units: ŷ = interceptOriginal + Σ valueOriginal·x equals the standardized form.
    const x = { a: 10, b: -3, noise: 0.5 } as Record<string, number>;
    const standardized = out.features.reduce(
      (s: number, f: { name: string; mean: number; std: number }, j: number) => s + out.coefficients[j].value * ((x[f.name]! - f.mean) / f.std),
      out.intercept,
    );
    const original = out.coefficients.reduce((s: number, c: { feature: string; valueOriginal: number }) => s + c.valueOriginal * x[c.feature]!, out.interceptOriginal);
    expect(original).toBeCloseTo(standardized, 6);

    // The same file again reuses the project's copy; `runs` lists both runs.
    expect((await regula(['train', engineFixture('linear.csv'), '--target', 'y', '--project', project, '--json', '--epochs', '20'])).code).toBe(0);
    expect(await readdir(path.join(project, 'datasets'))).toHaveLength(1);
    const listed = JSON.parse((await regula(['runs', '--project', project, '--json'])).stdout);
    expect(listed.runs).toHaveLength(2);
    expect(listed.runs[0]).toMatchObject({ status: 'completed', backend: out.backend, spec: { regularizer: { kind: 'l1', l1: 0.5 } } });
    expect(listed.runs[0].metrics.validation.r2).toBe(out.metrics.validation.r2);
  });

  it('without --project trains in a temporary project and reports its path', async () => {
    const { code, stdout } = await regula(['train', engineFixture('binary.csv'), '--target', 'label', '--reg', 'l2', '--l2', '0.01', '--json']);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.task).toBe('binary');
    expect(out.classes).toEqual(['churn', 'stay']);
    expect(existsSync(path.join(out.project, 'project.json'))).toBe(true);
    expect(out.metrics.validation.accuracy).toBeGreaterThan(0.6);
  });

  it('sweep --json prints every λ with metrics, zeros and coefficients, and the chosen λ', async () => {
    const project = path.join(await tempDir(), 'proj');
    const { code, stdout } = await regula([
      'sweep', engineFixture('linear.csv'), '--target', 'y', '--features', 'a,b,noise', '--reg', 'l1', '--grid', '10:0.001:6', '--folds', '4', '--project', project, '--json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.points.map((p: { lambda: number }) => p.lambda)).toHaveLength(6);
    expect(out.points[0].lambda).toBeCloseTo(10, 10);
    for (const p of out.points) {
      expect(p.coefficients.map((c: { feature: string }) => c.feature)).toEqual(['a', 'b', 'noise']);
      expect(p.zeros).toBe(p.coefficients.filter((c: { value: number }) => c.value === 0).length);
      expect(p.metrics.validation).toHaveProperty('rmse');
    }
    // Lasso: the strongest penalty zeroes at least as many weights as the weakest.
    expect(out.points[0].zeros).toBeGreaterThanOrEqual(out.points.at(-1).zeros);
    expect(out.lambda1se).toBeGreaterThanOrEqual(out.lambdaMin);
    expect(out.chosen).toEqual({ lambda: out.lambda1se, rule: 'lambda1se' });
    expect(await readdir(path.join(project, 'sweeps'))).toEqual([out.sweepId]);
    expect(out.points.every((p: { cv?: unknown }) => p.cv !== undefined)).toBe(true);
  });

  it('bad input: clear message on stderr, non-zero exit, project unchanged', async () => {
    const dir = await tempDir();
    const project = path.join(dir, 'proj');
    expect((await regula(['train', engineFixture('linear.csv'), '--target', 'y', '--project', project, '--epochs', '5'])).code).toBe(0);
    const before = await snapshotTree(project);
    const constant = path.join(dir, 'constant.csv');
    await writeFile(constant, 'x,y\n1,5\n2,5\n3,5\n');

    const cases: [string[], RegExp][] = [
      [['train', path.join(dir, 'nope.csv'), '--target', 'y', '--project', project], /File not found: .*nope\.csv/],
      [['train', engineFixture('linear.csv'), '--target', 'price', '--project', project], /Target column "price" is not in linear\.csv/],
      [['train', engineFixture('linear.csv'), '--target', 'y', '--reg', 'l1', '--l1', '-0.1', '--project', project], /--l1 must be ≥ 0/],
      [['train', engineFixture('linear.csv'), '--target', 'y', '--epochs', '0', '--project', project], /--epochs must be at least 1/],
      [['train', engineFixture('linear.csv'), '--target', 'y', '--l2', 'lots', '--reg', 'l2', '--project', project], /--l2 must be a number/],
      [['train', constant, '--target', 'y', '--project', project], /single value/],
    ];
    for (const [args, message] of cases) {
      const result = await regula(args);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
    expect(await snapshotTree(project)).toEqual(before);
  });
});
