// The proximal (soft-threshold) step for L1: w ← sign(w)·max(|w| − t, 0).
// A subgradient step on λ1·Σ|w| makes weights oscillate around zero and never reach it; the prox
// of the L1 term sets them to exactly zero, which is what the analyst reads as "feature dropped".
import type * as tfType from '@tensorflow/tfjs';

type TF = typeof tfType;

export function softThreshold(v: number, t: number): number {
  if (v > t) return v - t;
  if (v < -t) return v + t;
  return 0;
}

/** In place on a tfjs variable, after an optimizer step with step size `lr` on the smooth part. */
export function softThresholdVariable(tf: TF, w: tfType.Variable, threshold: number): void {
  tf.tidy(() => {
    w.assign(tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), threshold))));
  });
}
