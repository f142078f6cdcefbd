// The optimizer named in the run spec, with Keras' defaults where tfjs' differ.
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec } from '../../../shared/domain';

type TF = typeof tfType;

export function makeOptimizer(tf: TF, spec: RunSpec['optimizer']): tfType.Optimizer {
  const lr = spec.learningRate;
  switch (spec.kind) {
    case 'adam':
      return tf.train.adam(lr, 0.9, 0.999, 1e-7);
    case 'sgd':
      return spec.momentum > 0 ? tf.train.momentum(lr, spec.momentum) : tf.train.sgd(lr);
    case 'rmsprop':
      // Keras: rho 0.9, epsilon 1e-7.
      return tf.train.rmsprop(lr, 0.9, spec.momentum, 1e-7);
  }
}
