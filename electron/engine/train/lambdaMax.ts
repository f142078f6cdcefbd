// The data-derived top of a λ grid, as glmnet does it but under OUR objective
// (mean data loss + λ1·Σ|w| + λ2·Σw²): λmax is the smallest λ at which every coefficient is zero.
// At w = 0 with the intercept at its optimum, zero is optimal exactly when |∂loss/∂w_j| ≤ λ1 for
// every j (the KKT condition of the L1 term), so λ1max = max_j |∂loss/∂w_j| there.
import type { LossKind } from './losses';
import type { Split } from './types';

/** glmnet's floor on the L1 share when it derives a ridge grid (alpha = 0.001). */
const RIDGE_ALPHA = 0.001;
/** The grid's bottom as a share of its top (glmnet's lambda.min.ratio for n < p; we use it always). */
export const LAMBDA_MIN_RATIO = 1e-3;

/** λ1max: the smallest L1 weight that zeroes every coefficient of a linear model on these rows. */
export async function lambda1Max(kind: LossKind, train: Split, inputs: number, outputs: number): Promise<number> {
  if (kind === 'mae') return maeLambda1Max(train, inputs);
  return largestKernelGradient(train, inputs, outputs, residualsAtIntercept(kind, train, outputs));
}

/**
 * ∂loss/∂logit of every row (and class) at w = 0 with the intercepts at their optimum, which has a
 * closed form for all but Huber: the mean (squared error), the log-odds of the positive share
 * (log-loss), the log of each class's share (softmax); Huber's is the root of a monotone
 * function, found by bisection. One pass over the rows (Huber: one per bisection step).
 * This used FISTA with λ1 out of reach, which took ~1.4 s on 80,000×20 before a sweep's first
 * point — and for Huber "converged" after one step with the intercept far from its optimum, so
 * the grid's top was wrong by orders of magnitude.
 */
function residualsAtIntercept(kind: Exclude<LossKind, 'mae'>, train: Split, outputs: number): Float64Array {
  const n = train.rows;
  const { y } = train;
  if (kind === 'cce') {
    const share = new Float64Array(outputs);
    for (let r = 0; r < n; r++) share[y[r] as number] = (share[y[r] as number] as number) + 1 / n;
    // Softmax at intercepts log(share) gives every row the shares as probabilities (a class with
    // no rows: intercept −∞, probability 0, residual 0).
    const residuals = new Float64Array(n * outputs);
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < outputs; c++) residuals[r * outputs + c] = (share[c] as number) - (c === y[r] ? 1 : 0);
    }
    return residuals;
  }
  if (kind === 'huber') {
    const b = huberIntercept(y, n);
    return Float64Array.from(y, (t) => Math.max(-1, Math.min(1, b - t)));
  }
  let mean = 0;
  for (let r = 0; r < n; r++) mean += y[r] as number;
  mean /= n;
  // Keras' MSE: ∂(z − t)²/∂z = 2(z − t). Log-loss: sigmoid(z) − t, and sigmoid(log-odds) = the
  // positive share (all rows one class: intercept ±∞, residual 0).
  const scale = kind === 'mse' ? 2 : 1;
  return Float64Array.from(y, (t) => scale * (mean - t));
}

/** The b where mean(clip(b − y, −1, 1)) = 0 (Huber with δ = 1, Keras' default), to the last bit. */
function huberIntercept(y: Float32Array, n: number): number {
  const slope = (b: number): number => {
    let s = 0;
    for (let r = 0; r < n; r++) s += Math.max(-1, Math.min(1, b - (y[r] as number)));
    return s;
  };
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < n; r++) {
    lo = Math.min(lo, y[r] as number);
    hi = Math.max(hi, y[r] as number);
  }
  for (let i = 0; i < 200; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) break;
    if (slope(mid) < 0) lo = mid;
    else hi = mid;
  }
  return lo + (hi - lo) / 2;
}

/** max over kernel entries of |(1/n)·Σ_r x_rj·residual_rc|. */
function largestKernelGradient(train: Split, p: number, k: number, residuals: Float64Array): number {
  const n = train.rows;
  const grad = new Float64Array(p * k);
  for (let r = 0; r < n; r++) {
    const base = r * p;
    for (let j = 0; j < p; j++) {
      const xv = train.x[base + j] as number;
      if (xv === 0) continue;
      for (let c = 0; c < k; c++) grad[j * k + c] = (grad[j * k + c] as number) + xv * (residuals[r * k + c] as number);
    }
  }
  let max = 0;
  for (const g of grad) max = Math.max(max, Math.abs(g / n));
  return max;
}

/**
 * The grid's λmax for a sweep's penalty. L1: λ1max. L1+L2 with λ1 = r·λ: λ1max / r. L2 never zeroes
 * a coefficient, so, like glmnet, the ridge top is taken as if the L1 share were 0.001; in our
 * objective that is λ2 = λ1max·(1 − α)/(2α) ≈ 500·λ1max, where the coefficients are near zero.
 */
export function gridTop(lambda1max: number, reg: 'l1' | 'l2' | 'l1l2', l1Ratio = 0.5): number {
  if (reg === 'l1') return lambda1max;
  if (reg === 'l1l2') return lambda1max / l1Ratio;
  return (lambda1max * (1 - RIDGE_ALPHA)) / (2 * RIDGE_ALPHA);
}

/** MAE is not smooth: the subgradient at w = 0 with the intercept at the median (sign(0) = 0). */
function maeLambda1Max(train: Split, p: number): number {
  const n = train.rows;
  const sorted = Float64Array.from(train.y).sort();
  const median = n % 2 ? (sorted[(n - 1) / 2] as number) : ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number)) / 2;
  let max = 0;
  for (let j = 0; j < p; j++) {
    let g = 0;
    for (let i = 0; i < n; i++) g += (train.x[i * p + j] as number) * Math.sign(median - (train.y[i] as number));
    max = Math.max(max, Math.abs(g / n));
  }
  return max;
}
