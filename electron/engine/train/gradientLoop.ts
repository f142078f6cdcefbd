// Regula's own minibatch loop (not model.fit): seeded shuffling, the Keras objective per batch,
// a proximal L1 step after each optimizer step, early stopping with best weights restored, a stop
// within one batch when the loss stops being finite, and cancellation at any batch boundary.
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec } from '../../../shared/domain';
import { dataLoss, meanLoss, type LossKind } from './losses';
import { evaluateRows, forward, penalizedWeights, type Network, type PenalizedWeight } from './network';
import { makeOptimizer } from './optimizer';
import { penaltyValue } from './penalty';
import { seededRandom, shuffleInto } from '../random';
import type { PreparedData, Split, TrainHooks } from './types';

type TF = typeof tfType;

export interface LoopOutcome {
  epochsRun: number;
  stopReason: string;
  cancelled: boolean;
  proxUsed: boolean;
}

/** Yield to the event loop this often so a worker still hears "cancel" during long epochs. */
const YIELD_EVERY_MS = 50;

function snapshot(tf: TF, weights: PenalizedWeight[]): tfType.Tensor[] {
  return weights.map((w) => tf.keep(w.variable.clone()));
}

function restore(weights: PenalizedWeight[], saved: tfType.Tensor[]): void {
  weights.forEach((w, i) => w.variable.assign(saved[i] as tfType.Tensor));
}

function dispose(saved: tfType.Tensor[] | null): void {
  saved?.forEach((t) => t.dispose());
}

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

export async function runGradientLoop(tf: TF, net: Network, spec: RunSpec, kind: LossKind, data: PreparedData, hooks: TrainHooks): Promise<LoopOutcome> {
  const weights = penalizedWeights(net);
  const vars = weights.map((w) => w.variable);
  const proxed = spec.proximalL1 ? weights.filter((w) => w.penalty.lambda1 > 0) : [];
  const isProxed = new Set(proxed);
  const optimizer = makeOptimizer(tf, spec.optimizer, vars);
  const random = seededRandom(spec.seed);
  const { train } = data;
  const n = train.rows;
  const xAll = tf.tensor2d(train.x, [n, net.inputs]);
  const yAll = kind === 'cce' ? tf.tensor1d(Int32Array.from(train.y), 'int32') : tf.tensor2d(train.y, [n, 1]);
  const order = new Int32Array(n);
  const batchSize = Math.min(spec.batchSize, n);
  const monitorValidation = data.validation.rows > 0;
  let lastGood: tfType.Tensor[] | null = null;
  let best: { loss: number; weights: tfType.Tensor[]; epoch: number } | null = null;
  let wait = 0;
  let epochsRun = 0;
  let stopReason = 'completed';
  let cancelled = false;
  let lastYield = performance.now();

  try {
    epochs: for (let epoch = 1; epoch <= spec.epochs; epoch++) {
      const started = performance.now();
      shuffleInto(order, random);
      let lossSum = 0;
      let batchIndex = 0;
      for (let start = 0; start < n; start += batchSize, batchIndex++) {
        if (hooks.shouldStop()) {
          cancelled = true;
          stopReason = 'cancelled';
          break epochs;
        }
        const rows = Math.min(batchSize, n - start);
        const before = snapshot(tf, weights);
        const batchLoss = tf.tidy(() => {
          const idx = tf.tensor1d(order.subarray(start, start + rows), 'int32');
          const xb = tf.gather(xAll, idx);
          const yb = tf.gather(yAll, idx);
          // The prox replaces the L1 subgradient, so its term is reported but not differentiated.
          const proxTerm = proxed.reduce<tfType.Scalar>((s, w) => tf.add(s, tf.mul(w.penalty.lambda1, tf.sum(tf.abs(w.variable)))), tf.scalar(0));
          const { value, grads } = tf.variableGrads(
            () =>
              tf.tidy(() => {
                const pass = forward(tf, net, xb as tfType.Tensor2D, true, random);
                let loss: tfType.Scalar = dataLoss(tf, kind, pass.logits, yb);
                for (const w of weights) {
                  if (w.penalty.lambda2 > 0) loss = tf.add(loss, tf.mul(w.penalty.lambda2, tf.sum(tf.square(w.variable))));
                  if (w.penalty.lambda1 > 0 && !isProxed.has(w)) loss = tf.add(loss, tf.mul(w.penalty.lambda1, tf.sum(tf.abs(w.variable))));
                }
                for (const a of pass.activities) {
                  const act = tf.add(tf.mul(a.penalty.lambda1, tf.sum(tf.abs(a.output))), tf.mul(a.penalty.lambda2, tf.sum(tf.square(a.output))));
                  loss = tf.add(loss, tf.div(act, rows));
                }
                return loss;
              }),
            vars,
          );
          optimizer.step(vars.map((v) => grads[v.name] as tfType.Tensor));
          const cost = value;
          return tf.add(cost, proxTerm);
        });
        const value = (await batchLoss.data())[0] as number;
        batchLoss.dispose();
        if (!Number.isFinite(value)) {
          dispose(before);
          if (lastGood) restore(weights, lastGood);
          stopReason = `diverged: loss became ${Number.isNaN(value) ? 'NaN' : 'infinite'} at epoch ${epoch} batch ${batchIndex + 1}; kept the last weights with a finite loss — lower the learning rate`;
          break epochs;
        }
        dispose(lastGood);
        lastGood = before;
        for (const w of proxed) optimizer.proximalL1(weights.indexOf(w), w.penalty.lambda1);
        lossSum += value * rows;
        if (performance.now() - lastYield > YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
      epochsRun = epoch;
      const loss = lossSum / n;
      const val = monitorValidation ? splitObjective(tf, net, kind, data.validation, weights) : null;
      if (val && !Number.isFinite(val.total)) {
        if (lastGood) restore(weights, lastGood);
        stopReason = `diverged: validation loss became ${Number.isNaN(val.total) ? 'NaN' : 'infinite'} at epoch ${epoch}; kept earlier weights — lower the learning rate`;
        break;
      }
      hooks.onEpoch({
        epoch,
        loss,
        ...(val ? { valLoss: val.total, metrics: { valDataLoss: val.data } } : {}),
        epochMs: performance.now() - started,
      });
      if (spec.earlyStoppingPatience > 0) {
        const monitored = val ? val.total : loss;
        if (!best || monitored < best.loss) {
          dispose(best?.weights ?? null);
          best = { loss: monitored, weights: snapshot(tf, weights), epoch };
          wait = 0;
        } else if (++wait >= spec.earlyStoppingPatience) {
          stopReason = 'early-stopped';
          break;
        }
      }
    }
    // Keep the best epoch's weights whenever early stopping watched the run (unless it diverged
    // or was cancelled, where the last good weights are the honest state).
    if (best && !cancelled && !stopReason.startsWith('diverged') && best.epoch !== epochsRun) restore(weights, best.weights);
  } finally {
    dispose(lastGood);
    dispose(best?.weights ?? null);
    optimizer.dispose();
    xAll.dispose();
    yAll.dispose();
  }
  return { epochsRun, stopReason, cancelled, proxUsed: proxed.length > 0 };
}
