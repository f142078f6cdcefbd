// A waiting training worker trains a few tiny models on made-up numbers before any job comes, so
// the first real epoch does not pay for V8 compiling the training loop and tfjs setting up each
// kernel on first use. Measured on a 1,000-row file (bench/startup.ts): a dense network's first
// epoch took ~1 s in a fresh worker against ~0.1 s once the same code had run once.
//
// The models are built, trained and disposed like a real run's, from their own seeds, so nothing
// carries over into the job: the job's weights, shuffling and dropout come from its own seed.
import type * as tfType from '@tensorflow/tfjs';
import { RunSpec, type RunSpecInput, type Task } from '../../../shared/domain';
import { trainModelWith } from './trainModel';
import type { PreparedData, Split } from './types';

type TF = typeof tfType;

const ROWS = 320;
const FEATURES = 8;

/** What a run most often is: a dense network and a linear model, for regression and a binary class. */
const WARM_UP_RUNS: { task: Task; spec: RunSpec }[] = [
  { task: 'regression', spec: spec({ model: { kind: 'mlp', layers: [{ units: 64 }, { units: 32 }] }, regularizer: { kind: 'l2', l2: 0.001 }, epochs: 2 }) },
  { task: 'binary', spec: spec({ model: { kind: 'mlp', layers: [{ units: 16 }] }, regularizer: { kind: 'l1', l1: 0.001 }, epochs: 2 }) },
  { task: 'regression', spec: spec({ model: { kind: 'linear' }, regularizer: { kind: 'l1', l1: 0.01 }, epochs: 20 }) },
];

function spec(part: Partial<RunSpecInput>): RunSpec {
  return RunSpec.parse({ datasetId: 'warm-up', target: 'y', features: ['x'], batchSize: 32, ...part });
}

/** Rows from a fixed recipe (no randomness to share with anything): y depends on the first inputs. */
function madeUpSplit(rows: number, task: Task, offset: number): Split {
  const x = new Float32Array(rows * FEATURES);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < FEATURES; j++) x[r * FEATURES + j] = Math.sin((r + offset) * (j + 1) * 0.37);
    const signal = x[r * FEATURES]! - 0.5 * x[r * FEATURES + 1]!;
    y[r] = task === 'binary' ? (signal > 0 ? 1 : 0) : signal;
  }
  return { x, y, rows };
}

function madeUpData(task: Task): PreparedData {
  return {
    task,
    featureNames: Array.from({ length: FEATURES }, (_, j) => `x${j + 1}`),
    ...(task === 'binary' ? { classes: ['no', 'yes'] } : {}),
    train: madeUpSplit(ROWS, task, 0),
    validation: madeUpSplit(ROWS / 4, task, ROWS),
  };
}

/**
 * Trains the warm-up models; stops at the next batch once `shouldStop` says a job has come (the
 * job waits for that, so it never shares the process with a warm-up). Never throws: a warm-up
 * that fails only means the first epoch is slower.
 */
export async function warmUpTraining(tf: TF, shouldStop: () => boolean): Promise<void> {
  for (const { task, spec: runSpec } of WARM_UP_RUNS) {
    if (shouldStop()) return;
    try {
      const result = await trainModelWith(tf, runSpec, madeUpData(task), { onEpoch: () => undefined, shouldStop });
      result.model.dispose();
    } catch {
      return;
    }
  }
}
