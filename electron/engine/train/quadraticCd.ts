// Coordinate descent on a penalized quadratic model, the inner solver of glmnet-style methods
// (Friedman, Hastie & Tibshirani 2010, JSS 33(1), §2–3):
//     min over u   gᵀ(u − w) + ½·(u − w)ᵀH(u − w) + λ1·Σ|u_j| + λ2·Σu_j²   (j penalized)
// H is a small dense symmetric matrix (a Gram matrix over the working set), so a coordinate
// move costs O(q) through the "covariance update" of the model gradient g + H(u − w), and no
// pass over the rows. Each coordinate is minimized exactly (a soft threshold), which is what puts
// coefficients at exact zeros. Sweeps alternate between all coordinates and the nonzero ones
// (glmnet's active-set iteration) and stop on the model's own KKT residual.
import { softThreshold } from './proximal';

export interface QuadraticModel {
  /** q×q, row-major, symmetric positive semidefinite. */
  hessian: Float64Array;
  /** Gradient at w (length q). */
  gradient: Float64Array;
  q: number;
  /** Coordinates [0, penalized) carry the penalty; the rest (intercepts) do not. */
  penalized: number;
}

/** Largest violation of the optimality conditions of coordinate j, given the model gradient there. */
export function kktViolation(gj: number, uj: number, penalized: boolean, lambda1: number, lambda2: number): number {
  if (!penalized) return Math.abs(gj);
  const g = gj + 2 * lambda2 * uj;
  if (uj > 0) return Math.abs(g + lambda1);
  if (uj < 0) return Math.abs(g - lambda1);
  return Math.max(Math.abs(g) - lambda1, 0);
}

/**
 * Minimizes the model in place: `u` holds w on entry and the minimizer on return. `modelGradient`
 * (length q) receives g + H(u − w). Returns the number of sweeps and the final KKT residual.
 */
export function minimizeQuadratic(
  model: QuadraticModel,
  u: Float64Array,
  lambda1: number,
  lambda2: number,
  tolerance: number,
  modelGradient: Float64Array,
  maxSweeps = 10_000,
): { sweeps: number; residual: number } {
  const { hessian: h, q, penalized } = model;
  modelGradient.set(model.gradient.subarray(0, q));
  const update = (j: number): void => {
    const a = h[j * q + j] as number;
    // A column with no spread on these rows: the model says nothing about it, so it stays.
    if (!(a > 0)) return;
    const uj = u[j] as number;
    const gj = modelGradient[j] as number;
    const next = j < penalized ? softThreshold(a * uj - gj, lambda1) / (a + 2 * lambda2) : uj - gj / a;
    const delta = next - uj;
    if (delta === 0) return;
    u[j] = next;
    const row = j * q;
    for (let i = 0; i < q; i++) modelGradient[i] = (modelGradient[i] as number) + delta * (h[row + i] as number);
  };
  const residual = (activeOnly: boolean): number => {
    let worst = 0;
    for (let j = 0; j < q; j++) {
      const uj = u[j] as number;
      if (activeOnly && j < penalized && uj === 0) continue;
      if (!((h[j * q + j] as number) > 0)) continue;
      worst = Math.max(worst, kktViolation(modelGradient[j] as number, uj, j < penalized, lambda1, lambda2));
    }
    return worst;
  };
  let sweeps = 0;
  let worst = residual(false);
  while (worst > tolerance && sweeps < maxSweeps) {
    for (let j = 0; j < q; j++) update(j);
    sweeps++;
    // Then only the nonzero coordinates until they settle: most sweeps of a path touch few.
    while (sweeps < maxSweeps && residual(true) > tolerance) {
      for (let j = 0; j < q; j++) if (j >= penalized || u[j] !== 0) update(j);
      sweeps++;
    }
    worst = residual(false);
  }
  return { sweeps, residual: worst };
}
