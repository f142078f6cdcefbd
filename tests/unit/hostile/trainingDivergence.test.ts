// Training on bad settings or too little data must not produce a "completed" run with garbage:
// a diverged run ends `failed` with its reason, and a numeric target on a handful of rows is a
// quantity, not classes, unless the analyst says otherwise.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunSpec, type ColumnInfo } from '../../../shared/domain';
import { createEngine } from '../../../electron/engine/index';
import { MIN_ROWS_PER_CLASS, resolveTask } from '../../../electron/engine/prep/validateSpec';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { engineFixture, tempDir } from '../helpers';

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
