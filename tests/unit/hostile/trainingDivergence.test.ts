// Training on bad settings or too little data must not produce a "completed" run with garbage:
// a diverged run ends `failed` with its reason, and a numeric target on a handful of rows is a
// quantity, not classes, unless the analyst says otherwise.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunSpec, type ColumnInfo } from '../../../shared/domain';
import { createEngine } from '../../../electron/engine/index';
import { MIN_ROWS_PER_CLASS, resolveTask } from '../../../electron/engine/prep/validateSpec';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { engineFixture, tempDir } from '../helpers';
import { regula } from '../cli/runCli';

describe('a diverged run', () => {
  it('SGD with a learning rate that blows up ends failed with the reason, and no model is saved', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    const run = await (
      await project.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b'], solver: 'gradient', optimizer: { kind: 'sgd', learningRate: 5, momentum: 0.9 }, epochs: 30 })
    ).done;
    await project.close();
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/diverged/);
    expect(run.error).toMatch(/learning rate/);
    expect(run.modelDir).toBeUndefined();
    expect(existsSync(path.join(dir, 'runs', run.id, 'model'))).toBe(false);
  });
});

// Plain SGD a little past the stable step size on standardized inputs: the loss grows each step,
// passes a million times its start in epoch 3, and epochs 1–2 end with finite losses.
const slowBlowUp = { target: 'y', features: ['a', 'b'], solver: 'gradient' as const, optimizer: { kind: 'sgd' as const, learningRate: 1.3, momentum: 0 }, epochs: 40 };

describe('the last good weights, kept only when the analyst asks', () => {
  it('with keepLastGoodWeights the run still fails, and saves the model of the last epoch before the blow-up, flagged in the record', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    const kept = await (await project.startRun({ datasetId: dataset.id, ...slowBlowUp, keepLastGoodWeights: true })).done;
    const plain = await (await project.startRun({ datasetId: dataset.id, ...slowBlowUp })).done;
    await project.close();

    expect(kept.status).toBe('failed');
    expect(kept.error).toMatch(/diverged/);
    expect(kept.divergedAt).toBeGreaterThan(1);
    expect(kept.savedWeightsFrom).toBe(kept.divergedAt! - 1);
    expect(kept.error).toContain(`epoch ${kept.savedWeightsFrom}`);
    expect(kept.modelDir).toBeDefined();
    expect(existsSync(path.join(dir, kept.modelDir!, 'model.json'))).toBe(true);
    // The saved weights are that epoch's: the validation loss logged at its end (computed by the
    // loop on the weights it then held) is the validation MSE of the model in the record.
    const epochs = (await readFile(path.join(dir, 'runs', kept.id, 'metrics.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { epoch: number; valLoss: number });
    expect(epochs.at(-1)!.epoch).toBe(kept.savedWeightsFrom);
    const mse = kept.metrics!.validation.mse!;
    expect(Number.isFinite(mse)).toBe(true);
    expect(Math.abs(mse - epochs.at(-1)!.valLoss) / epochs.at(-1)!.valLoss).toBeLessThan(1e-4);

    // The same run without the option: failed, no model, nothing flagged as saved.
    expect(plain.status).toBe('failed');
    expect(plain.error).toMatch(/No model was saved/);
    expect(plain.modelDir).toBeUndefined();
    expect(plain.savedWeightsFrom).toBeUndefined();
    expect(existsSync(path.join(dir, 'runs', plain.id, 'model'))).toBe(false);
  }, 120_000);

  it('regula train --keep-last-good: exit non-zero, and the JSON names the failure, the saved model and its epoch', async () => {
    const { code, stdout } = await regula([
      'train', engineFixture('linear.csv'), '--target', 'y', '--features', 'a,b', '--solver', 'gradient', '--optimizer', 'sgd', '--learning-rate', '1.3', '--epochs', '40', '--keep-last-good', '--json', '--quiet',
    ]);
    expect(code).not.toBe(0);
    const out = JSON.parse(stdout) as { status: string; error: string; divergedAt: number; savedWeightsFrom: number; modelDir: string; spec: { keepLastGoodWeights?: boolean } };
    expect(out.status).toBe('failed');
    expect(out.spec.keepLastGoodWeights).toBe(true);
    expect(out.savedWeightsFrom).toBe(out.divergedAt - 1);
    expect(existsSync(path.join(out.modelDir, 'model.json'))).toBe(true);
  }, 120_000);
});

describe('a numeric target is classes only when it is plainly classes', () => {
  const spec = RunSpec.parse({ datasetId: 'd', target: 'y', features: ['x'], epochs: 1 });
  const column = (type: ColumnInfo['type'], unique: number): ColumnInfo => ({ name: 'y', type, missing: 0, unique });

  it('two whole numbers on 2 rows are a quantity (regression), not 2 classes', () => {
    expect(resolveTask(spec, column('integer', 2), 'two.csv', 2)).toBe('regression');
    expect(resolveTask(spec, column('integer', 2), 'few.csv', 2 * MIN_ROWS_PER_CLASS - 1)).toBe('regression');
    expect(resolveTask(spec, column('number', 2), 'floats.csv', 500)).toBe('regression');
  });

  it('two whole numbers over enough rows, a boolean, or the analyst saying so, are classes', () => {
    expect(resolveTask(spec, column('integer', 2), 'zero-one.csv', 2 * MIN_ROWS_PER_CLASS)).toBe('binary');
    expect(resolveTask(spec, column('boolean', 2), 'flags.csv', 2)).toBe('binary');
    expect(resolveTask({ ...spec, task: 'binary' }, column('integer', 2), 'two.csv', 2)).toBe('binary');
  });
});
