// A file in which no row can be predicted (every row empty in a feature, or a category the model
// never saw) is an answer — every row skipped, each with why — not a raw TensorFlow.js error
// ("Pass at least one tensor to concat", exit 70). Found by the fuzz campaign's CI sample. And a
// package whose weights are finite but absurd (the full campaign's 4 "wrong" packages) is refused,
// never answered with Infinity or NaN and exit 0.
import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelPackage } from '../../../electron/engine/export/loadModelPackage';
import { predictFile } from '../../../electron/engine/export/predict';
import { fixturesDir, tempDir } from '../helpers';

const model = path.join(fixturesDir, 'hostile', 'models', 'linear-regression');

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('predict on a file with no usable row', () => {
  it('skips every row with its reason and predicts none', async () => {
    const file = path.join(await tempDir(), 'none-usable.csv');
    await writeFile(file, 'a,b,region\n,1.5,north\n2.0,0.5,west\n');
    const pkg = await loadModelPackage(tf, model);
    try {
      const result = await predictFile(tf, pkg, file);
      expect(result.predicted).toBe(0);
      expect(result.skipped.map((s) => s.row)).toEqual([1, 2]);
      expect(result.skipped[0]!.reason).toMatch(/"a" is empty/);
      expect(result.skipped[1]!.reason).toMatch(/"west"/);
      expect(result.rows.every((row) => row.at(-1) === null)).toBe(true);
    } finally {
      pkg.model.dispose();
    }
  });
});

describe('predict with finite but absurd weights', () => {
  it('refuses the model (bad-model, naming the row) instead of printing Infinity', async () => {
    const dir = path.join(await tempDir(), 'model');
    await cp(model, dir, { recursive: true });
    const weights = new Float32Array(new Uint8Array(await readFile(path.join(dir, 'weights.bin'))).buffer);
    // Every weight near float32's largest value: finite, so the loader's check lets them through.
    const absurd = weights.map((_, i) => (i % 2 ? -3e38 : 3e38));
    await writeFile(path.join(dir, 'weights.bin'), new Uint8Array(absurd.buffer));
    const file = path.join(await tempDir(), 'one.csv');
    await writeFile(file, 'a,b,region\n1.5,2.5,north\n');
    const pkg = await loadModelPackage(tf, dir);
    try {
      await expect(predictFile(tf, pkg, file)).rejects.toMatchObject({ code: 'bad-model', place: { row: 1 } });
    } finally {
      pkg.model.dispose();
    }
  });
});
