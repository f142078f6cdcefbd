// Runs FISTA for a linear RunSpec and writes the optimum into the tfjs model, reporting progress
// as "epochs" (one FISTA iteration is one full-batch pass over the training rows).
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec } from '../../../shared/domain';
import { fista, DEFAULT_MAX_ITERATIONS } from './fista';
import type { LoopOutcome } from './gradientLoop';
import { linearProblem } from './linearProblem';
import { meanLoss, type LossKind } from './losses';
import type { Network } from './network';
import type { LayerPenalties } from './penalty';
import type { PreparedData, TrainHooks } from './types';

type TF = typeof tfType;

/** Logits of a linear model in float64 for the rows of a split. */
export function linearLogits(x: Float32Array, rows: number, kernel: Float64Array, bias: Float64Array): Float64Array {
  const k = bias.length;
  const p = kernel.length / k;
  const out = new Float64Array(rows * k);
  if (k === 1) {
    // Only the nonzero coefficients: a lasso path is mostly zeros at large λ, and each point's
    // metrics need the logits of every row. Skipping a term b·0 leaves the float64 sum unchanged.
    const active: number[] = [];
    kernel.forEach((w, j) => w !== 0 && active.push(j));
    const weights = Float64Array.from(active, (j) => kernel[j] as number);
    const columns = Int32Array.from(active);
    const b = bias[0] as number;
    const m = columns.length;
    for (let r = 0; r < rows; r++) {
      const base = r * p;
      let z = b;
      for (let a = 0; a < m; a++) z += (x[base + (columns[a] as number)] as number) * (weights[a] as number);
      out[r] = z;
    }
    return out;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < k; c++) {
      let z = bias[c] as number;
      for (let j = 0; j < p; j++) z += (x[r * p + j] as number) * (kernel[j * k + c] as number);
      out[r * k + c] = z;
    }
  }
  return out;
}

export function writeLinearWeights(tf: TF, net: Network, kernel: Float64Array, bias: Float64Array): void {
  const out = net.steps[net.steps.length - 1];
  if (!out) return;
  const tensors = [tf.tensor2d(Float32Array.from(kernel), [net.inputs, net.outputs]), tf.tensor1d(Float32Array.from(bias))];
  out.dense.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
}

export interface LinearSolveOutcome extends LoopOutcome {
  solver: string;
  kernel: Float64Array;
  bias: Float64Array;
}

export async function solveLinearRun(
  tf: TF,
  net: Network,
  spec: RunSpec,
  kind: LossKind,
  data: PreparedData,
  hooks: TrainHooks,
  warmStart?: { kernel: Float64Array; bias: Float64Array },
): Promise<LinearSolveOutcome> {
  const penalty = (net.steps[net.steps.length - 1]?.penalties as LayerPenalties).kernel;
  const problem = linearProblem(kind, data.train, net.inputs, net.outputs);
  const { validation } = data;
  const outcome = await fista(problem, {
    lambda1: penalty.lambda1,
    lambda2: penalty.lambda2,
    ...(warmStart ? { start: problem.thetaFrom(warmStart.kernel, warmStart.bias) } : {}),
    maxIterations: Math.max(DEFAULT_MAX_ITERATIONS, spec.epochs),
    shouldStop: () => hooks.shouldStop(),
    onProgress(progress) {
      let valLoss: number | undefined;
      if (validation.rows > 0) {
        const { kernel, bias } = problem.kernelAndBias(progress.theta);
        const logits = linearLogits(validation.x, validation.rows, kernel, bias);
        valLoss = meanLoss(kind, logits, net.outputs, validation.y, validation.rows) + (progress.objective - progress.dataLoss);
      }
      hooks.onEpoch({
        epoch: progress.iteration,
        loss: progress.objective,
        ...(valLoss !== undefined && Number.isFinite(valLoss) ? { valLoss } : {}),
        metrics: { dataLoss: progress.dataLoss, gradientMapping: progress.gradientMapping },
        epochMs: progress.msPerIteration,
      });
    },
  });
  // A non-finite objective cannot come from finite, validated data with a Lipschitz step, but if
  // it ever does the model keeps its starting weights rather than NaN.
  const finalTheta = outcome.diverged ? (warmStart ? problem.thetaFrom(warmStart.kernel, warmStart.bias) : new Float64Array(problem.dim)) : outcome.theta;
  const { kernel, bias } = problem.kernelAndBias(finalTheta);
  writeLinearWeights(tf, net, kernel, bias);
  let stopReason = 'completed';
  if (outcome.cancelled) stopReason = 'cancelled';
  else if (outcome.diverged) stopReason = `diverged: the objective became non-finite at iteration ${outcome.iterations}`;
  else if (!outcome.converged) {
    // Typical cause: no regularization on separable classes, where the optimum lies at infinity.
    stopReason = `completed: not converged after ${outcome.iterations} iterations (optimality residual ${outcome.gradientMapping.toExponential(2)}); add a little L2 regularization`;
  }
  return {
    epochsRun: outcome.iterations,
    stopReason,
    cancelled: outcome.cancelled,
    proxUsed: penalty.lambda1 > 0,
    solver: 'fista',
    kernel,
    bias,
  };
}
