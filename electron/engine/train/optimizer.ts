// Adam, SGD (momentum) and RMSprop with tfjs' / Keras' update rules, written out so the proximal
// L1 step can use each optimizer's own per-weight step size. Adam and RMSprop scale every
// coordinate by 1/(√v + ε); thresholding with the bare lr·λ1 would then be orders of magnitude
// weaker than the L1 term it replaces, and exact zeros would almost never appear. Thresholding at
// lr·λ1/(√v + ε) is the preconditioned proximal step (cf. Melchior et al. 2019, "proximal Adam"):
// a weight ends at zero exactly when its mean gradient is below λ1 — the lasso's own condition.
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec } from '../../../shared/domain';

type TF = typeof tfType;

export interface WeightOptimizer {
  /** Applies one step with these gradients (one per variable, same order). */
  step(grads: tfType.Tensor[]): void;
  /** Soft-threshold variable i by λ1 times its effective step size of the last step. */
  proximalL1(i: number, lambda1: number): void;
  dispose(): void;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const RHO = 0.9; // Keras rmsprop
const EPSILON = 1e-7; // Keras

export function makeOptimizer(tf: TF, spec: RunSpec['optimizer'], vars: tfType.Variable[]): WeightOptimizer {
  const lr = spec.learningRate;
  // tidy disposes the zerosLike temporaries; variables themselves survive it.
  const zeros = (): tfType.Variable[] => vars.map((v) => tf.tidy(() => tf.variable(tf.zerosLike(v), false)));
  const first = spec.kind === 'adam' || spec.momentum > 0 ? zeros() : []; // m / velocity
  const second = spec.kind === 'sgd' ? [] : zeros(); // v / mean square
  let t = 0;
  /** Per-coordinate step size of the last update (a scalar for SGD). */
  const stepSize = (i: number): tfType.Tensor | number => {
    const v = second[i] as tfType.Variable;
    if (spec.kind === 'adam') return tf.div(lr, tf.add(tf.sqrt(tf.div(v, 1 - BETA2 ** t)), EPSILON));
    if (spec.kind === 'rmsprop') return tf.div(lr, tf.sqrt(tf.add(v, EPSILON)));
    return lr;
  };
  return {
    step(grads) {
      t++;
      tf.tidy(() => {
        grads.forEach((g, i) => {
          const w = vars[i] as tfType.Variable;
          const m = first[i];
          const v = second[i];
          if (spec.kind === 'adam' && m && v) {
            m.assign(tf.add(tf.mul(BETA1, m), tf.mul(1 - BETA1, g)));
            v.assign(tf.add(tf.mul(BETA2, v), tf.mul(1 - BETA2, tf.square(g))));
            w.assign(tf.sub(w, tf.mul(stepSize(i), tf.div(m, 1 - BETA1 ** t))));
          } else if (spec.kind === 'rmsprop' && v) {
            v.assign(tf.add(tf.mul(RHO, v), tf.mul(1 - RHO, tf.square(g))));
            const delta = tf.mul(stepSize(i), g);
            if (m) {
              m.assign(tf.add(tf.mul(spec.momentum, m), delta));
              w.assign(tf.sub(w, m));
            } else w.assign(tf.sub(w, delta));
          } else if (m) {
            m.assign(tf.add(tf.mul(spec.momentum, m), g));
            w.assign(tf.sub(w, tf.mul(lr, m)));
          } else w.assign(tf.sub(w, tf.mul(lr, g)));
        });
      });
    },
    proximalL1(i, lambda1) {
      tf.tidy(() => {
        const w = vars[i] as tfType.Variable;
        const threshold = tf.mul(lambda1, stepSize(i));
        w.assign(tf.mul(tf.sign(w), tf.relu(tf.sub(tf.abs(w), threshold))));
      });
    },
    dispose() {
      [...first, ...second].forEach((s) => s.dispose());
    },
  };
}
