// Regula's own minibatch loop on real training: seeds repeat runs, cancel and divergence stop
// within a batch with usable weights, early stopping restores the best epoch, L1 gives exact
// zeros in dense networks, and nothing leaks.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics, RunSpecInput } from '../../../shared/domain';
import { trainModel } from '../../../electron/engine/train/trainModel';
import type { PreparedData, TrainResult } from '../../../electron/engine/train/types';
import { loadFixture, preparedFrom, quietHooks, specFor } from './fixtures';
import { wasmTf } from './tfBackend';

const reg = loadFixture('regression_l1');
const bin = loadFixture('logistic_l1');

/** The fixture's 200 rows as 150 training + 50 validation rows. */
function withValidation(f: typeof reg): PreparedData {
  const all = preparedFrom(f);
  const p = f.featureNames.length;
  const cut = 150;
  return {
    ...all,
    train: { x: all.train.x.slice(0, cut * p), y: all.train.y.slice(0, cut), rows: cut },
    validation: { x: all.train.x.slice(cut * p), y: all.train.y.slice(cut), rows: f.rows - cut },
  };
}

const mlp = (units: number[], dropout = 0) => ({ kind: 'mlp' as const, layers: units.map((u) => ({ units: u, dropout })) });

async function kernels(result: TrainResult): Promise<number[]> {
  return result.model.getWeights().filter((w) => w.shape.length === 2).flatMap((w) => Array.from(w.dataSync()));
}

describe('gradient training loop', () => {
  it('repeats exactly for a seed (shuffling, initializers, dropout) and differs for another', async () => {
    const tf = await wasmTf();
    const run = async (seed: number) => {
      const spec = specFor(reg.featureNames, { model: mlp([16], 0.3), epochs: 3, batchSize: 32, seed });
      const history: EpochMetrics[] = [];
      const r = await trainModel(tf, spec, withValidation(reg), { onEpoch: (e) => history.push(e), shouldStop: () => false });
      const w = await kernels(r);
      r.model.dispose();
      return { w, losses: history.map((h) => [h.loss, h.valLoss]) };
    };
    const a = await run(7);
    const b = await run(7);
    const c = await run(8);
    expect(b.w).toEqual(a.w);
    expect(b.losses).toEqual(a.losses);
    expect(c.w).not.toEqual(a.w);
  });

  it('cancels at a batch boundary and keeps finite weights', async () => {
    const tf = await wasmTf();
    let polls = 0;
    const spec = specFor(reg.featureNames, { model: mlp([16]), epochs: 50, batchSize: 10 });
    const r = await trainModel(tf, spec, preparedFrom(reg), { onEpoch: () => {}, shouldStop: () => ++polls > 25 });
    expect(r.cancelled).toBe(true);
    expect(r.stopReason).toBe('cancelled');
    expect(r.epochsRun).toBe(1); // 20 batches per epoch: stopped inside the second epoch
    expect(Number.isFinite(r.loss.total)).toBe(true);
    r.model.dispose();
  });

  it('stops a diverging run within one batch, keeps the last finite weights, writes no NaN', async () => {
    const tf = await wasmTf();
    const data = preparedFrom({ ...reg, y: reg.y.map((v) => v * 1e4) });
    const spec = specFor(reg.featureNames, { model: mlp([32, 32]), epochs: 20, optimizer: { kind: 'sgd', learningRate: 5, momentum: 0.9 } });
    const history: EpochMetrics[] = [];
    const r = await trainModel(tf, spec, data, { onEpoch: (e) => history.push(e), shouldStop: () => false });
    expect(r.stopReason).toMatch(/^diverged: loss became (NaN|infinite) at epoch 1 batch \d+/);
    expect(r.epochsRun).toBeLessThan(spec.epochs);
    for (const h of history) expect(Number.isFinite(h.loss)).toBe(true);
    expect((await kernels(r)).every(Number.isFinite)).toBe(true);
    expect(Number.isFinite(r.loss.total)).toBe(true);
    r.model.dispose();
  });

  it('early-stops on validation loss and restores the best epoch', async () => {
    const tf = await wasmTf();
    const spec = specFor(reg.featureNames, {
      model: mlp([128, 128]),
      epochs: 300,
      batchSize: 16,
      earlyStoppingPatience: 3,
      optimizer: { kind: 'adam', learningRate: 0.01 },
    });
    const history: EpochMetrics[] = [];
    const r = await trainModel(tf, spec, withValidation(reg), { onEpoch: (e) => history.push(e), shouldStop: () => false });
    expect(r.stopReason).toBe('early-stopped');
    expect(r.epochsRun).toBeLessThan(300);
    const best = Math.min(...history.map((h) => h.valLoss!));
    // Restored weights reproduce the best epoch's validation objective (Keras val_loss).
    const valObjective = (r.metrics.validation.mse as number) + r.loss.penalty;
    expect(Math.abs(valObjective - best) / best).toBeLessThan(1e-4);
    r.model.dispose();
  });

  it('L1 ends with many more exact zeros than no penalty; L2 with smaller weights (same seed)', async () => {
    const tf = await wasmTf();
    const train = async (regularizer: RunSpecInput['regularizer']) => {
      const spec = specFor(bin.featureNames, { model: mlp([32, 16]), epochs: 30, batchSize: 20, regularizer, optimizer: { kind: 'adam', learningRate: 0.01 } });
      const r = await trainModel(tf, spec, preparedFrom({ ...bin, task: 'binary' }), quietHooks);
      r.model.dispose();
      return r;
    };
    const none = await train({ kind: 'none' });
    const l1 = await train({ kind: 'l1', l1: 0.01 });
    const l2 = await train({ kind: 'l2', l2: 0.01 });
    expect(none.solver).toBe('adam');
    expect(l1.solver).toBe('adam+prox-l1');
    expect(none.weights.zeros).toBe(0);
    expect(l1.weights.zeros).toBeGreaterThan(0.3 * l1.weights.weights);
    const norm = (r: TrainResult) => Math.hypot(...r.weights.layers.map((l) => l.l2));
    expect(norm(l2)).toBeLessThan(0.8 * norm(none));
    expect(l1.metrics.train.accuracy).toBeGreaterThan(0.6);
  });

  it('gradient solver with prox-L1 on a linear model gives exact zeros near the exact optimum', async () => {
    const tf = await wasmTf();
    const spec = specFor(reg.featureNames, { solver: 'gradient', regularizer: { kind: 'l1', l1: reg.lambda1 }, epochs: 200, batchSize: 200, optimizer: { kind: 'sgd', learningRate: 0.1 } });
    const r = await trainModel(tf, spec, preparedFrom(reg), quietHooks);
    expect(r.solver).toBe('sgd+prox-l1');
    expect(r.weights.zeros).toBe(reg.zeroIndices.length); // full-batch proximal gradient = ISTA
    expect(Math.abs(r.loss.total - reg.objective) / reg.objective).toBeLessThan(1e-3);
    r.model.dispose();
  });

  it('returns tf.memory() to its baseline over 50 train/dispose cycles', async () => {
    const tf = await wasmTf();
    const data = withValidation(reg);
    const once = async (i: number) => {
      const spec =
        i % 2
          ? specFor(reg.featureNames, { model: mlp([8], 0.2), epochs: 1, batchSize: 50, earlyStoppingPatience: 1, regularizer: { kind: 'l1l2', l1: 0.01, l2: 0.01 } })
          : specFor(reg.featureNames, { regularizer: { kind: 'l1', l1: 0.1 } });
      (await trainModel(tf, spec, data, quietHooks)).model.dispose();
    };
    await once(0);
    await once(1);
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 50; i++) await once(i);
    expect(tf.memory().numTensors).toBe(baseline);
  });
});
