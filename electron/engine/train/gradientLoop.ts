// Regula's own minibatch loop (not model.fit): seeded shuffling, the Keras objective per batch,
// a proximal L1 step after each optimizer step, early stopping with best weights restored, a stop
// within one batch when the loss stops being finite, and cancellation at any batch boundary.
// On tfjs-wasm a batch of a small network costs about as much per kernel launched as per
// arithmetic, so the loop keeps all weights as one flat vector θ (one optimizer update, one prox,
// penalties on one vector), never writes θ in place (the previous weights are kept by reference,
// not copied), and builds each batch and its transpose on the host.
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec } from '../../../shared/domain';
import { dataLoss, meanLoss, type LossKind } from './losses';
import { evaluateRows, penalizedWeights, trainingForward, type Network, type PenalizedWeight } from './network';
import { makeOptimizer } from './optimizer';
import { penaltyValue } from './penalty';
import { seededRandom, shuffleInto } from '../random';
import type { LoopCheckpoint, PreparedData, Split, TrainHooks } from './types';
import { RegulaError } from '../errors';

type TF = typeof tfType;

export interface LoopOutcome {
  epochsRun: number;
  stopReason: string;
  cancelled: boolean;
  proxUsed: boolean;
  /** Diverged runs: the epoch in which the loss stopped being usable. */
  divergedAt?: number;
  /**
   * Diverged runs: the last epoch that ended with a finite loss that had not blown up; the
   * network holds that epoch's weights (absent when the first epoch already diverged).
   */
  lastGoodEpoch?: number;
}

/**
 * A run whose loss grows this many times above its loss at the starting weights has diverged
 * even while the numbers are still finite: SGD blowing up once finished "completed" with a
 * validation MSE of 4e36. No working run ever ends a million times worse than where it started.
 */
export const DIVERGENCE_FACTOR = 1e6;

/** Yield to the event loop this often so a worker still hears "cancel" during long epochs. */
const YIELD_EVERY_MS = 50;

/** Weight penalty of the current weights in float64 (all of it, L1 included). */
export function weightPenalty(weights: PenalizedWeight[]): number {
  return weights.reduce((sum, w) => sum + penaltyValue(w.penalty, w.variable.dataSync()), 0);
}

/** Keras' val_loss: data loss + penalties, in inference mode. */
function splitObjective(tf: TF, net: Network, kind: LossKind, split: Split, weights: PenalizedWeight[]): { data: number; total: number } {
  const { logits, activityPenalty } = evaluateRows(tf, net, split.x, split.rows);
  const data = meanLoss(kind, logits, net.outputs, split.y, split.rows);
  return { data, total: data + activityPenalty + weightPenalty(weights) };
}

/** Per-coordinate λ of the flat weight vector, or null when every entry is 0. */
function coordinateLambdas(tf: TF, weights: PenalizedWeight[], pick: (w: PenalizedWeight) => number): tfType.Tensor1D | null {
  if (weights.every((w) => pick(w) === 0)) return null;
  const values = new Float32Array(weights.reduce((n, w) => n + w.variable.size, 0));
  let at = 0;
  for (const w of weights) {
    values.fill(pick(w), at, at + w.variable.size);
    at += w.variable.size;
  }
  return tf.tensor1d(values);
}

export async function runGradientLoop(
  tf: TF,
  net: Network,
  spec: RunSpec,
  kind: LossKind,
  data: PreparedData,
  hooks: TrainHooks,
  resume?: LoopCheckpoint,
): Promise<LoopOutcome> {
  const weights = penalizedWeights(net);
  const sizes = weights.map((w) => w.variable.size);
  const shapes = weights.map((w) => w.variable.shape);
  const offsets = sizes.map((_, i) => sizes.slice(0, i).reduce((a, b) => a + b, 0));
  const forwardWith = trainingForward(tf, net);
  const proxL1 = spec.proximalL1;
  // Weight penalties act on the flat θ outside autodiff: their value and gradient are a few
  // elementwise kernels on one vector instead of several per weight matrix. The prox replaces the
  // L1 subgradient, so with it the L1 term is reported but not differentiated.
  const lambda1All = coordinateLambdas(tf, weights, (w) => w.penalty.lambda1);
  const lambda1Prox = proxL1 ? lambda1All : null;
  const lambda1Gradient = proxL1 ? null : lambda1All;
  const lambda2 = coordinateLambdas(tf, weights, (w) => w.penalty.lambda2);
  const twiceLambda2 = lambda2 ? tf.mul(lambda2, 2) : null;
  // θ's parts as new tensors from one read of θ: tfjs-wasm's slice/split copy all of θ out of
  // the wasm heap once per part (≈1 ms per batch for a 100→256→256→1 network).
  const unflatten = (theta: tfType.Tensor1D): tfType.Tensor[] => {
    const values = theta.dataSync() as Float32Array;
    return shapes.map((shape, i) => tf.tensor(values.subarray(offsets[i] as number, (offsets[i] as number) + (sizes[i] as number)), shape));
  };
  const thetaSize = sizes.reduce((a, b) => a + b, 0);
  if (resume && (resume.theta.length !== thetaSize || (resume.best && resume.best.theta.length !== thetaSize))) {
    throw new RegulaError('bad-checkpoint', `The checkpoint holds ${resume.theta.length} weights but this network has ${thetaSize}; use Retry to train the run again.`);
  }
  let theta: tfType.Tensor1D = resume
    ? tf.tensor1d(resume.theta)
    : tf.tidy(() => tf.concat(weights.map((w) => tf.reshape(w.variable, [-1]))) as tfType.Tensor1D);
  const writeBack = (): void => tf.tidy(() => unflatten(theta).forEach((part, i) => (weights[i] as PenalizedWeight).variable.assign(part)));
  const optimizer = makeOptimizer(tf, spec.optimizer, theta.size, resume?.optimizer);
  // A resumed run continues the generator where the checkpoint left it, not from the seed.
  const random = seededRandom(resume ? resume.randomState : spec.seed);
  const { train } = data;
  const n = train.rows;
  const p = net.inputs;
  const order = new Int32Array(n);
  const batchSize = Math.min(spec.batchSize, n);
  // Batches are copied row by row on the host and uploaded: cheaper on wasm than two gather
  // kernels on device-resident data, and the whole training set is not held twice.
  const xBatch = new Float32Array(batchSize * p);
  const xBatchTransposed = new Float32Array(batchSize * p);
  const yBatch = kind === 'cce' ? new Int32Array(batchSize) : new Float32Array(batchSize);
  const monitorValidation = data.validation.rows > 0;
  // θ is never written in place, so the weights before the last step are kept by reference.
  let lastGood: tfType.Tensor1D | null = null;
  let best: { loss: number; theta: tfType.Tensor1D; epoch: number } | null = resume?.best
    ? { loss: resume.best.loss, epoch: resume.best.epoch, theta: tf.tensor1d(resume.best.theta) }
    : null;
  // The weights at the end of the last epoch that passed every divergence check: what a diverged
  // run hands back (saved only when the analyst asked for it). A clone shares θ's memory.
  let goodEpoch: { theta: tfType.Tensor1D; epoch: number } | null = null;
  let divergedAt: number | undefined;
  let lastGoodEpoch: number | undefined;
  let wait = resume?.wait ?? 0;
  let epochsRun = resume?.epoch ?? 0;
  let stopReason = 'completed';
  let cancelled = false;
  // The first batch's objective, at the starting weights: the yardstick for divergence.
  let startLoss: number | undefined = resume?.startLoss;
  let lastYield = performance.now();

  try {
    epochs: for (let epoch = epochsRun + 1; epoch <= spec.epochs; epoch++) {
      const started = performance.now();
      shuffleInto(order, random);
      let lossSum = 0;
      let penaltySum = 0;
      let batchIndex = 0;
      for (let start = 0; start < n; start += batchSize, batchIndex++) {
        if (hooks.shouldStop()) {
          cancelled = true;
          stopReason = 'cancelled';
          break epochs;
        }
        const rows = Math.min(batchSize, n - start);
        for (let i = 0; i < rows; i++) {
          const r = order[start + i] as number;
          for (let j = 0; j < p; j++) {
            const v = train.x[r * p + j] as number;
            xBatch[i * p + j] = v;
            xBatchTransposed[j * rows + i] = v;
          }
          yBatch[i] = train.y[r] as number;
        }
        const current = theta;
        let batchData: tfType.Scalar | undefined;
        const { total, grad } = tf.tidy(() => {
          const xb = tf.tensor2d(xBatch.subarray(0, rows * p), [rows, p]);
          const xbT = tf.tensor2d(xBatchTransposed.subarray(0, rows * p), [p, rows]);
          const yb = kind === 'cce' ? tf.tensor1d(yBatch.subarray(0, rows), 'int32') : tf.tensor2d(yBatch.subarray(0, rows), [rows, 1]);
          const { value, grads } = tf.valueAndGrads((...parts: tfType.Tensor[]) => {
            const pass = forwardWith(parts, xb, xbT, random);
            const data = dataLoss(tf, kind, pass.logits, yb);
            let loss: tfType.Scalar = data;
            for (const a of pass.activities) {
              const act = tf.add(tf.mul(a.penalty.lambda1, tf.sum(tf.abs(a.output))), tf.mul(a.penalty.lambda2, tf.sum(tf.square(a.output))));
              loss = tf.add(loss, tf.div(act, rows));
            }
            // Kept past valueAndGrads' own tidy (which frees intermediates); disposed after the read.
            batchData = tf.keep(tf.clone(data));
            return loss;
          })(unflatten(current));
          let grad = tf.concat(grads.map((g) => tf.reshape(g, [-1]))) as tfType.Tensor1D;
          let reported: tfType.Scalar = value;
          if (lambda2 && twiceLambda2) {
            reported = tf.add(reported, tf.sum(tf.mul(lambda2, tf.square(current))));
            grad = tf.add(grad, tf.mul(twiceLambda2, current));
          }
          if (lambda1All) reported = tf.add(reported, tf.sum(tf.mul(lambda1All, tf.abs(current))));
          // tfjs' gradient of |w| (1 above zero, −1 otherwise), as the built-in penalty had.
          if (lambda1Gradient) grad = tf.add(grad, tf.mul(lambda1Gradient, tf.step(current, -1)));
          // The total and its data part in one tensor: one read per batch, as before.
          return { total: tf.stack([reported, batchData ?? value]), grad };
        });
        // One read per batch: the stop-within-a-batch rule needs the total, and on wasm it is a copy.
        const read = total.dataSync();
        const value = read[0] as number;
        const dataPart = read[1] as number;
        total.dispose();
        (batchData as tfType.Scalar | undefined)?.dispose();
        if (!Number.isFinite(value)) {
          grad.dispose();
          if (lastGood) {
            theta = lastGood;
            lastGood = null;
            current.dispose();
          }
          divergedAt = epoch;
          stopReason = `diverged: loss became ${Number.isNaN(value) ? 'NaN' : 'infinite'} at epoch ${epoch} batch ${batchIndex + 1}; kept the last weights with a finite loss — lower the learning rate`;
          break epochs;
        }
        startLoss ??= value;
        theta = optimizer.step(current, grad, lambda1Prox);
        grad.dispose();
        lastGood?.dispose();
        lastGood = current;
        lossSum += value * rows;
        penaltySum += (value - dataPart) * rows;
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
      epochsRun = epoch;
      const loss = lossSum / n;
      if (monitorValidation) writeBack();
      const val = monitorValidation ? splitObjective(tf, net, kind, data.validation, weights) : null;
      if (val && !Number.isFinite(val.total)) {
        if (lastGood) {
          theta.dispose();
          theta = lastGood;
          lastGood = null;
        }
        divergedAt = epoch;
        stopReason = `diverged: validation loss became ${Number.isNaN(val.total) ? 'NaN' : 'infinite'} at epoch ${epoch}; kept earlier weights — lower the learning rate`;
        break;
      }
      const worst = Math.max(loss, val ? val.total : -Infinity);
      if (startLoss !== undefined && worst > DIVERGENCE_FACTOR * Math.max(startLoss, Number.MIN_VALUE)) {
        divergedAt = epoch;
        stopReason = `diverged: ${worst === loss ? 'training' : 'validation'} loss grew from ${startLoss.toPrecision(3)} at the start to ${worst.toPrecision(3)} at epoch ${epoch} (more than ${DIVERGENCE_FACTOR.toExponential(0)} times) — lower the learning rate`;
        break;
      }
      goodEpoch?.theta.dispose();
      goodEpoch = { theta: tf.clone(theta), epoch };
      const penaltyMean = penaltySum / n;
      hooks.onEpoch({
        epoch,
        loss,
        ...(val ? { valLoss: val.total, metrics: { valDataLoss: val.data } } : {}),
        unit: 'epoch',
        // Means over the epoch's batches (the weights move between batches), as Keras reports loss.
        lossParts: { data: loss - penaltyMean, penalty: penaltyMean, total: loss },
        ...(val ? { valLossParts: { data: val.data, penalty: val.total - val.data, total: val.total } } : {}),
        epochMs: performance.now() - started,
      });
      if (spec.earlyStoppingPatience > 0) {
        const monitored = val ? val.total : loss;
        if (!best || monitored < best.loss) {
          best?.theta.dispose();
          // A clone shares θ's memory (θ is never written in place): no copy.
          best = { loss: monitored, theta: tf.clone(theta), epoch };
          wait = 0;
        } else if (++wait >= spec.earlyStoppingPatience) {
          stopReason = 'early-stopped';
          break;
        }
      }
      if (epoch < spec.epochs && hooks.saveCheckpoint && hooks.checkpointDue?.(epoch)) {
        await hooks.saveCheckpoint({
          epoch,
          theta: (theta.dataSync() as Float32Array).slice(),
          optimizer: optimizer.state(),
          randomState: random.state(),
          wait,
          ...(best ? { best: { loss: best.loss, epoch: best.epoch, theta: (best.theta.dataSync() as Float32Array).slice() } } : {}),
          ...(startLoss !== undefined ? { startLoss } : {}),
        });
      }
    }
    // Keep the best epoch's weights whenever early stopping watched the run (unless it diverged
    // or was cancelled, where the last good weights are the honest state).
    if (best && !cancelled && !stopReason.startsWith('diverged') && best.epoch !== epochsRun) {
      theta.dispose();
      theta = best.theta;
      best = null;
    }
    if (divergedAt !== undefined && goodEpoch) {
      theta.dispose();
      theta = goodEpoch.theta;
      lastGoodEpoch = goodEpoch.epoch;
      goodEpoch = null;
    }
    writeBack();
  } finally {
    theta.dispose();
    lastGood?.dispose();
    best?.theta.dispose();
    goodEpoch?.theta.dispose();
    [lambda1All, lambda2, twiceLambda2].forEach((t) => t?.dispose());
    optimizer.dispose();
  }
  return {
    epochsRun,
    stopReason,
    cancelled,
    proxUsed: lambda1Prox !== null,
    ...(divergedAt !== undefined ? { divergedAt } : {}),
    ...(lastGoodEpoch !== undefined ? { lastGoodEpoch } : {}),
  };
}
