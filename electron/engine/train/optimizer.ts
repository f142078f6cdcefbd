// Adam, SGD (momentum) and RMSprop with tfjs' / Keras' update rules, written out so the proximal
// L1 step can use each optimizer's own per-weight step size. Adam and RMSprop scale every
// coordinate by 1/(√v + ε); thresholding with the bare lr·λ1 would then be orders of magnitude
// weaker than the L1 term it replaces, and exact zeros would almost never appear. Thresholding at
// lr·λ1/(√v + ε) is the preconditioned proximal step (cf. Melchior et al. 2019, "proximal Adam"):
// a weight ends at zero exactly when its mean gradient is below λ1 — the lasso's own condition.
//
// All weights of a network travel as one flat vector θ, and each step returns a new θ instead of
// assigning into variables. On the wasm backend a batch's cost is mostly the number of kernels
// launched, not their size: one update for the whole network instead of one per weight matrix
// cuts ~12 kernels per weight, and keeping the previous θ (for "last good weights") is holding a
// reference instead of copying every weight each batch.
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec } from '../../../shared/domain';
import { RegulaError } from '../errors';

type TF = typeof tfType;

export interface FlatOptimizer {
  /**
   * θ after one step along `grad`, soft-thresholded by λ1 × this step's per-coordinate step size
   * where `lambda1` (per coordinate, 0 = no prox) is given. Returns a new tensor the caller owns;
   * θ itself is left untouched.
   */
  step(theta: tfType.Tensor1D, grad: tfType.Tensor1D, lambda1: tfType.Tensor1D | null): tfType.Tensor1D;
  /** Step count and moments, copied out for a checkpoint. */
  state(): OptimizerState;
  dispose(): void;
}

/** Everything an optimizer carries between steps: a resumed run continues bit for bit from it. */
export interface OptimizerState {
  step: number;
  /** Adam's m / the momentum velocity; null when the optimizer keeps none. */
  first: Float32Array | null;
  /** Adam's v / RMSprop's mean square; null for SGD. */
  second: Float32Array | null;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const RHO = 0.9; // Keras rmsprop
const EPSILON = 1e-7; // Keras

/**
 * relu(w − t) − relu(−(w + t)): exactly 0 where |w| ≤ t, else w ∓ t, and w itself where t = 0.
 * Written with relu because tfjs-wasm's sign, maximum and minimum run outside its fast kernels
 * (~50× slower on a 100k-weight vector).
 */
function softThreshold(tf: TF, w: tfType.Tensor1D, t: tfType.Tensor1D): tfType.Tensor1D {
  return tf.sub(tf.relu(tf.sub(w, t)), tf.relu(tf.neg(tf.add(w, t))));
}

export function makeOptimizer(tf: TF, spec: RunSpec['optimizer'], size: number, resume?: OptimizerState): FlatOptimizer {
  const lr = spec.learningRate;
  const usesFirst = spec.kind === 'adam' || spec.momentum > 0;
  const usesSecond = spec.kind !== 'sgd';
  if (resume && (usesFirst !== (resume.first !== null) || usesSecond !== (resume.second !== null))) {
    throw new RegulaError('bad-checkpoint', `The checkpoint's optimizer state does not fit ${spec.kind}; use Retry to train the run again.`);
  }
  const start = (saved: Float32Array | null | undefined): tfType.Tensor1D => (saved ? tf.tensor1d(saved) : tf.zeros([size]));
  let first: tfType.Tensor1D | null = usesFirst ? start(resume?.first) : null; // m / velocity
  let second: tfType.Tensor1D | null = usesSecond ? start(resume?.second) : null; // v / mean square
  // Scalars made once: a JS number in an op becomes a new tensor on every call.
  const scalars = tf.tidy(() => ({
    lr: tf.keep(tf.scalar(lr)),
    beta1: tf.keep(tf.scalar(BETA1)),
    oneMinusBeta1: tf.keep(tf.scalar(1 - BETA1)),
    beta2: tf.keep(tf.scalar(spec.kind === 'rmsprop' ? RHO : BETA2)),
    oneMinusBeta2: tf.keep(tf.scalar(spec.kind === 'rmsprop' ? 1 - RHO : 1 - BETA2)),
    epsilon: tf.keep(tf.scalar(EPSILON)),
    momentum: tf.keep(tf.scalar(spec.momentum)),
  }));
  let t = resume?.step ?? 0;
  return {
    step(theta, grad, lambda1) {
      t++;
      // tidy keeps the returned tensors; the null entries (state an optimizer does not use) pass through.
      const [next, m, v] = tf.tidy(() => {
        let m = first;
        let v = second;
        let next: tfType.Tensor1D;
        if (spec.kind === 'adam' && m && v) {
          m = tf.add(tf.mul(scalars.beta1, m), tf.mul(scalars.oneMinusBeta1, grad));
          v = tf.add(tf.mul(scalars.beta2, v), tf.mul(scalars.oneMinusBeta2, tf.square(grad)));
          const stepSize = tf.div(scalars.lr, tf.add(tf.sqrt(tf.div(v, 1 - BETA2 ** t)), scalars.epsilon));
          next = tf.sub(theta, tf.mul(stepSize, tf.div(m, 1 - BETA1 ** t)));
          if (lambda1) next = softThreshold(tf, next, tf.mul(lambda1, stepSize));
        } else if (spec.kind === 'rmsprop' && v) {
          v = tf.add(tf.mul(scalars.beta2, v), tf.mul(scalars.oneMinusBeta2, tf.square(grad)));
          const stepSize = tf.div(scalars.lr, tf.sqrt(tf.add(v, scalars.epsilon)));
          const delta = tf.mul(stepSize, grad);
          if (m) {
            m = tf.add(tf.mul(scalars.momentum, m), delta);
            next = tf.sub(theta, m);
          } else next = tf.sub(theta, delta);
          if (lambda1) next = softThreshold(tf, next, tf.mul(lambda1, stepSize));
        } else {
          if (m) {
            m = tf.add(tf.mul(scalars.momentum, m), grad);
            next = tf.sub(theta, tf.mul(scalars.lr, m));
          } else next = tf.sub(theta, tf.mul(scalars.lr, grad));
          if (lambda1) next = softThreshold(tf, next, tf.mul(scalars.lr, lambda1));
        }
        return [next, m, v] as unknown as tfType.Tensor[];
      }) as unknown as [tfType.Tensor1D, tfType.Tensor1D | null, tfType.Tensor1D | null];
      if (m !== first) first?.dispose();
      if (v !== second) second?.dispose();
      first = m;
      second = v;
      return next;
    },
    state() {
      return { step: t, first: first ? (first.dataSync() as Float32Array).slice() : null, second: second ? (second.dataSync() as Float32Array).slice() : null };
    },
    dispose() {
      first?.dispose();
      second?.dispose();
      Object.values(scalars).forEach((s) => s.dispose());
    },
  };
}
