// Data losses, all means over rows (Keras' default reduction), from the model's logits.
// Two forms of each: a tfjs one for training, and a float64 one for the numbers we report, so
// reports do not depend on float32 accumulation over many rows.
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec, Task } from '../../../shared/domain';

type TF = typeof tfType;

export type LossKind = 'mse' | 'mae' | 'huber' | 'bce' | 'cce';

/** Keras' Huber default. */
export const HUBER_DELTA = 1;

export function lossKindFor(task: Task, spec: RunSpec): LossKind {
  if (task === 'binary') return 'bce';
  if (task === 'multiclass') return 'cce';
  return spec.loss ?? 'mse';
}

/**
 * Mean data loss of a batch. `logits` is [rows, outputs]; `y` is [rows, 1] float (regression,
 * binary 0/1) or [rows] int32 class indices (multiclass).
 */
export function dataLoss(tf: TF, kind: LossKind, logits: tfType.Tensor2D, y: tfType.Tensor): tfType.Scalar {
  switch (kind) {
    case 'mse':
      return tf.mean(tf.square(tf.sub(logits, y)));
    case 'mae':
      return tf.mean(tf.abs(tf.sub(logits, y)));
    case 'huber': {
      const err = tf.abs(tf.sub(logits, y));
      const quad = tf.minimum(err, HUBER_DELTA);
      // 0.5·q² + δ·(|e| − q): equals 0.5e² inside δ and δ(|e| − δ/2) outside, as in Keras.
      return tf.mean(tf.add(tf.mul(0.5, tf.square(quad)), tf.mul(HUBER_DELTA, tf.sub(err, quad))));
    }
    case 'bce':
      // max(z,0) − z·y + log(1 + e^−|z|): the stable form of the logistic loss.
      return tf.mean(tf.add(tf.sub(tf.relu(logits), tf.mul(logits, y)), tf.log1p(tf.exp(tf.neg(tf.abs(logits))))));
    case 'cce': {
      const k = logits.shape[1] as number;
      const oneHot = tf.oneHot(y as tfType.Tensor1D, k);
      return tf.mean(tf.sub(tf.logSumExp(logits, 1), tf.sum(tf.mul(oneHot, logits), 1)));
    }
  }
}

/** Per-row loss in float64; `logits` row-major with `outputs` columns. */
export function rowLoss(kind: LossKind, logits: ArrayLike<number>, outputs: number, y: ArrayLike<number>, row: number): number {
  if (kind === 'cce') {
    let max = -Infinity;
    for (let k = 0; k < outputs; k++) max = Math.max(max, logits[row * outputs + k] as number);
    let sum = 0;
    for (let k = 0; k < outputs; k++) sum += Math.exp((logits[row * outputs + k] as number) - max);
    return max + Math.log(sum) - (logits[row * outputs + (y[row] as number)] as number);
  }
  const z = logits[row] as number;
  const t = y[row] as number;
  switch (kind) {
    case 'mse':
      return (z - t) * (z - t);
    case 'mae':
      return Math.abs(z - t);
    case 'huber': {
      const e = Math.abs(z - t);
      return e <= HUBER_DELTA ? 0.5 * e * e : HUBER_DELTA * (e - 0.5 * HUBER_DELTA);
    }
    case 'bce':
      return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
  }
}

export function meanLoss(kind: LossKind, logits: ArrayLike<number>, outputs: number, y: ArrayLike<number>, rows: number): number {
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += rowLoss(kind, logits, outputs, y, r);
  return rows > 0 ? sum / rows : NaN;
}
