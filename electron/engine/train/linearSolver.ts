// Runs FISTA for a linear RunSpec and writes the optimum into the tfjs model, reporting progress
// as "epochs" (one FISTA iteration is one full-batch pass over the training rows).
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec, SplitMetrics } from '../../../shared/domain';
import { fista, DEFAULT_MAX_ITERATIONS } from './fista';
import type { LoopOutcome } from './gradientLoop';
import { linearProblem } from './linearProblem';
import { meanLoss, type LossKind } from './losses';
import type { Network } from './network';
import type { LayerPenalties } from './penalty';
import type { PreparedData, Split, TrainHooks } from './types';

type TF = typeof tfType;

/** Logits of a linear model in float64 for the rows of a split. */
/** The nonzero coefficients of a single-output kernel: a lasso path is mostly zeros at large λ. */
interface ActiveKernel {
  columns: Int32Array;
  weights: Float64Array;
  bias: number;
  inputs: number;
}

function activeKernel(kernel: Float64Array, bias: number): ActiveKernel {
  const active: number[] = [];
  kernel.forEach((w, j) => w !== 0 && active.push(j));
  return { columns: Int32Array.from(active), weights: Float64Array.from(active, (j) => kernel[j] as number), bias, inputs: kernel.length };
}

/**
 * Logits of rows [from, to) into out[0…]. Skipping the terms x·0 leaves each float64 sum unchanged,
 * and four rows advance together so their sums (each in the same order as one row alone) do not
 * wait on each other: ~3× faster than a row at a time, same bits.
 */
function logitsInto(x: Float32Array, model: ActiveKernel, from: number, to: number, out: Float64Array): void {
  const { columns, weights, bias, inputs: p } = model;
  const m = columns.length;
  let r = from;
  for (; r + 3 < to; r += 4) {
    const b0 = r * p;
    const b1 = b0 + p;
    const b2 = b1 + p;
    const b3 = b2 + p;
    let z0 = bias;
    let z1 = bias;
    let z2 = bias;
    let z3 = bias;
    for (let a = 0; a < m; a++) {
      const c = columns[a] as number;
      const w = weights[a] as number;
      z0 += (x[b0 + c] as number) * w;
      z1 += (x[b1 + c] as number) * w;
      z2 += (x[b2 + c] as number) * w;
      z3 += (x[b3 + c] as number) * w;
    }
    const i = r - from;
    out[i] = z0;
    out[i + 1] = z1;
    out[i + 2] = z2;
    out[i + 3] = z3;
  }
  for (; r < to; r++) {
    const base = r * p;
    let z = bias;
    for (let a = 0; a < m; a++) z += (x[base + (columns[a] as number)] as number) * (weights[a] as number);
    out[r - from] = z;
  }
}

export function linearLogits(x: Float32Array, rows: number, kernel: Float64Array, bias: Float64Array): Float64Array {
  const k = bias.length;
  const p = kernel.length / k;
  const out = new Float64Array(rows * k);
  if (k === 1) {
    logitsInto(x, activeKernel(kernel, bias[0] as number), 0, rows, out);
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

/**
 * regressionMetrics(linearLogits(…)) in one pass without the logits array — the same numbers to
 * the bit. A λ path computes this for every point on every training row, which was most of its time.
 */
export function linearRegressionMetrics(split: Split, kernel: Float64Array, bias: Float64Array): SplitMetrics {
  const { x, y, rows } = split;
  if (rows === 0) return {};
  const model = activeKernel(kernel, bias[0] as number);
  let mean = 0;
  for (let r = 0; r < rows; r++) mean += y[r] as number;
  mean /= rows;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  const chunk = new Float64Array(Math.min(rows, 1024));
  for (let from = 0; from < rows; from += chunk.length) {
    const to = Math.min(rows, from + chunk.length);
    logitsInto(x, model, from, to, chunk);
    for (let r = from; r < to; r++) {
      const t = y[r] as number;
      const e = t - (chunk[r - from] as number);
      sse += e * e;
      sae += Math.abs(e);
      sst += (t - mean) ** 2;
    }
  }
  const mse = sse / rows;
  return { mse, rmse: Math.sqrt(mse), mae: sae / rows, r2: sst > 0 ? 1 - sse / sst : null };
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
      let valDataLoss: number | undefined;
      const penaltyNow = progress.objective - progress.dataLoss;
      if (validation.rows > 0) {
        const { kernel, bias } = problem.kernelAndBias(progress.theta);
        const logits = linearLogits(validation.x, validation.rows, kernel, bias);
        valDataLoss = meanLoss(kind, logits, net.outputs, validation.y, validation.rows);
        valLoss = valDataLoss + penaltyNow;
      }
      const valOk = valLoss !== undefined && Number.isFinite(valLoss);
      hooks.onEpoch({
        epoch: progress.iteration,
        loss: progress.objective,
        ...(valOk ? { valLoss } : {}),
        // One full-batch step of the exact solver: an iteration, not an epoch of mini-batches.
        unit: 'iteration',
        lossParts: { data: progress.dataLoss, penalty: penaltyNow, total: progress.objective },
        ...(valOk ? { valLossParts: { data: valDataLoss!, penalty: penaltyNow, total: valLoss! } } : {}),
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
