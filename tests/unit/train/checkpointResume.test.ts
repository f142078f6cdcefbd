// Checkpoints of the gradient loop: a run killed right after the checkpoint at epoch k and resumed
// from the file continues bit for bit — the same weights at the end and the same losses for every
// epoch after k as the run that was never interrupted (same seed). That holds because the
// checkpoint carries the whole loop state (weights, optimizer moments and step, the generator
// behind shuffles and dropout masks, early stopping's best weights and patience), and the wasm
// backend computes the same float32 results for the same inputs. Each optimizer keeps different
// state (Adam: m, v, t; RMSprop + momentum: v and velocity; plain SGD: none), so each is checked.
import { describe, expect, it } from 'vitest';
import type { EpochMetrics, RunSpecInput } from '../../../shared/domain';
import { readCheckpoint, writeCheckpoint } from '../../../electron/engine/store/checkpointFile';
import { trainModelWith } from '../../../electron/engine/train/trainModel';
import type { PreparedData, TrainResult } from '../../../electron/engine/train/types';
import { tempDir } from '../helpers';
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

const weightsOf = (r: TrainResult): number[] => r.model.getWeights().flatMap((w) => Array.from(w.dataSync()));
const lossesOf = (history: EpochMetrics[]) => history.map((h) => [h.epoch, h.loss, h.valLoss]);

const optimizers: [string, Partial<RunSpecInput>][] = [
  // Dropout draws from the generator every batch; patience makes early stopping keep best weights.
  ['adam, dropout, early stopping', { optimizer: { kind: 'adam', learningRate: 0.01 }, model: { kind: 'mlp', layers: [{ units: 16, dropout: 0.3 }] }, earlyStoppingPatience: 4 }],
  ['rmsprop with momentum, L1 prox', { optimizer: { kind: 'rmsprop', learningRate: 0.005, momentum: 0.5 }, model: { kind: 'mlp', layers: [{ units: 8 }] }, regularizer: { kind: 'l1', l1: 0.01 } }],
  ['plain sgd', { optimizer: { kind: 'sgd', learningRate: 0.01 }, model: { kind: 'mlp', layers: [{ units: 8 }] } }],
];

describe('resuming the gradient loop from a checkpoint', () => {
  it.each(optimizers)('%s: ends with the weights and epoch losses of the uninterrupted run', async (_name, overrides) => {
    const tf = await wasmTf();
    const spec = specFor(reg.featureNames, { epochs: 14, batchSize: 32, seed: 11, ...overrides });
    const data = withValidation();

    const fullHistory: EpochMetrics[] = [];
    const full = await trainModelWith(tf, spec, data, { onEpoch: (e) => fullHistory.push(e), shouldStop: () => false });
    const fullWeights = weightsOf(full);
    full.model.dispose();
    expect(fullHistory.length).toBeGreaterThan(7); // early stopping left epochs to resume into

    // The same run, "killed" just after its checkpoint at epoch 6 reached the disk.
    const project = await tempDir();
    const firstHistory: EpochMetrics[] = [];
    const killed = new Error('killed');
    await expect(
      trainModelWith(tf, spec, data, {
        onEpoch: (e) => firstHistory.push(e),
        shouldStop: () => false,
        checkpointDue: (epoch) => epoch === 6,
        saveCheckpoint: async (state) => {
          await writeCheckpoint(project, 'r-1', state, firstHistory);
          throw killed;
        },
      }),
    ).rejects.toBe(killed);

    const checkpoint = await readCheckpoint(project, 'r-1');
    expect(checkpoint?.header.epoch).toBe(6);
    expect(checkpoint?.header.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    const resumedHistory: EpochMetrics[] = [];
    const resumed = await trainModelWith(tf, spec, data, { onEpoch: (e) => resumedHistory.push(e), shouldStop: () => false }, { resume: checkpoint!.state });
    expect(resumed.epochsRun).toBe(fullHistory.length);
    expect(resumed.stopReason).toBe(resumed.epochsRun < 14 ? 'early-stopped' : 'completed');
    expect(weightsOf(resumed)).toEqual(fullWeights);
    resumed.model.dispose();
    expect(lossesOf(resumedHistory)).toEqual(lossesOf(fullHistory.slice(6)));
  }, 120_000);

  it('refuses a checkpoint whose weights do not fit the network, naming Retry', async () => {
    const tf = await wasmTf();
    const spec = specFor(reg.featureNames, { epochs: 3, model: { kind: 'mlp', layers: [{ units: 8 }] } });
    const state = { epoch: 1, theta: new Float32Array(5), optimizer: { step: 1, first: new Float32Array(5), second: new Float32Array(5) }, randomState: 1, wait: 0 };
    await expect(trainModelWith(tf, spec, withValidation(), { onEpoch: () => {}, shouldStop: () => false }, { resume: state })).rejects.toThrow(/holds 5 weights .* use Retry/);
  });
});
