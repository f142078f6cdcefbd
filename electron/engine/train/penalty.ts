// Which penalty applies to which weight, in Keras' meaning: λ1·Σ|w| + λ2·Σw² added to every
// batch's loss. The run-level regularizer is the kernel regularizer of every dense layer unless a
// layer overrides it; biases and activities are only penalized when a layer asks for it.
import type { DenseLayerSpec, Regularizer, RunSpec } from '../../../shared/domain';

export interface Penalty {
  lambda1: number;
  lambda2: number;
}

export const NO_PENALTY: Penalty = { lambda1: 0, lambda2: 0 };

export interface LayerPenalties {
  kernel: Penalty;
  bias: Penalty;
  /** Penalty on the layer's output; Keras (TF2) divides it by the batch size, i.e. mean over rows. */
  activity: Penalty;
}

export function penaltyOf(reg: Regularizer | undefined): Penalty {
  if (!reg) return NO_PENALTY;
  switch (reg.kind) {
    case 'none':
      return NO_PENALTY;
    case 'l1':
      return { lambda1: reg.l1, lambda2: 0 };
    case 'l2':
      return { lambda1: 0, lambda2: reg.l2 };
    case 'l1l2':
      return { lambda1: reg.l1, lambda2: reg.l2 };
  }
}

export function hasPenalty(p: Penalty): boolean {
  return p.lambda1 > 0 || p.lambda2 > 0;
}

/** One entry per dense layer, output layer last (a linear model is just the output layer). */
export function layerPenalties(spec: RunSpec): LayerPenalties[] {
  const runLevel = penaltyOf(spec.regularizer);
  const hidden: DenseLayerSpec[] = spec.model.kind === 'mlp' ? spec.model.layers : [];
  const result: LayerPenalties[] = hidden.map((layer) => ({
    kernel: layer.kernelRegularizer ? penaltyOf(layer.kernelRegularizer) : runLevel,
    bias: penaltyOf(layer.biasRegularizer),
    activity: penaltyOf(layer.activityRegularizer),
  }));
  // The output layer has no spec of its own: it takes the run-level kernel regularizer.
  result.push({ kernel: runLevel, bias: NO_PENALTY, activity: NO_PENALTY });
  return result;
}

/** λ1·Σ|w| + λ2·Σw² in float64 (used for reports and by the float64 solver). */
export function penaltyValue(p: Penalty, w: ArrayLike<number>): number {
  if (!hasPenalty(p)) return 0;
  let l1 = 0;
  let l2 = 0;
  for (let i = 0; i < w.length; i++) {
    const v = w[i] as number;
    l1 += Math.abs(v);
    l2 += v * v;
  }
  return p.lambda1 * l1 + p.lambda2 * l2;
}
