// The data-derived top of a λ grid, as glmnet does it but under OUR objective
// (mean data loss + λ1·Σ|w| + λ2·Σw²): λmax is the smallest λ at which every coefficient is zero.
// At w = 0 with the intercept at its optimum, zero is optimal exactly when |∂loss/∂w_j| ≤ λ1 for
// every j (the KKT condition of the L1 term), so λ1max = max_j |∂loss/∂w_j| there.
import { fista } from './fista';
import { linearProblem } from './linearProblem';
import type { LossKind } from './losses';
import type { Split } from './types';

/** glmnet's floor on the L1 share when it derives a ridge grid (alpha = 0.001). */
const RIDGE_ALPHA = 0.001;
/** The grid's bottom as a share of its top (glmnet's lambda.min.ratio for n < p; we use it always). */
export const LAMBDA_MIN_RATIO = 1e-3;

/** λ1max: the smallest L1 weight that zeroes every coefficient of a linear model on these rows. */
export async function lambda1Max(kind: LossKind, train: Split, inputs: number, outputs: number): Promise<number> {
  if (kind === 'mae') return maeLambda1Max(train, inputs);
  const problem = linearProblem(kind, train, inputs, outputs);
  // A λ1 no gradient can reach keeps the kernel at zero while the intercepts find their optimum.
  const huge = 1e12;
  const fit = await fista(problem, { lambda1: huge, lambda2: 0 });
  const grad = new Float64Array(problem.dim);
  problem.gradient(fit.theta, grad);
  let max = 0;
  for (let i = 0; i < problem.penalized; i++) max = Math.max(max, Math.abs(grad[i] as number));
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
