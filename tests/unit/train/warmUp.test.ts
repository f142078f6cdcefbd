// The warm-up a waiting training worker runs before its job (electron/engine/train/warmUp.ts):
// nothing it does may reach the job — the job trains exactly as in a fresh process — it leaves no
// tensors behind, and it stops as soon as a job has come.
import { describe, expect, it } from 'vitest';
import { trainModel } from '../../../electron/engine/train/trainModel';
import { warmUpTraining } from '../../../electron/engine/train/warmUp';
import type { PreparedData } from '../../../electron/engine/train/types';
import { loadFixture, preparedFrom, specFor } from './fixtures';
import { wasmTf } from './tfBackend';

const reg = loadFixture('regression_l1');

function withValidation(): PreparedData {
  const all = preparedFrom(reg);
  const p = reg.featureNames.length;
  const cut = 150;
  return {
    ...all,
    train: { x: all.train.x.slice(0, cut * p), y: all.train.y.slice(0, cut), rows: cut },
    validation: { x: all.train.x.slice(cut * p), y: all.train.y.slice(cut), rows: reg.rows - cut },
  };
}

describe('warm-up of a waiting training worker', () => {
  it('leaves a job training exactly as without it (weights, history) and no tensors behind', async () => {
    const tf = await wasmTf();
    const job = async () => {
      const spec = specFor(reg.featureNames, { model: { kind: 'mlp', layers: [{ units: 16, dropout: 0.2 }] }, regularizer: { kind: 'l1', l1: 0.001 }, epochs: 3, batchSize: 32, seed: 5 });
      const history: number[] = [];
      const r = await trainModel(tf, spec, withValidation(), { onEpoch: (e) => history.push(e.loss, e.valLoss ?? NaN), shouldStop: () => false });
      const weights = r.model.getWeights().flatMap((w) => Array.from(w.dataSync()));
      r.model.dispose();
      return { weights, history };
    };
    const before = await job();
    const tensors = tf.memory().numTensors;
    await warmUpTraining(tf, () => false);
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await job();
    expect(after.weights).toEqual(before.weights);
    expect(after.history).toEqual(before.history);
  });

  it('stops before training anything once a job has come', async () => {
    const tf = await wasmTf();
    const tensors = tf.memory().numTensors;
    let asked = 0;
    await warmUpTraining(tf, () => (asked++, true));
    expect(asked).toBe(1);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
