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
  let signs = new Int8Array(q);
  let previous = new Int8Array(q).fill(2);
  // Once a sweep leaves the support and signs as they were, the rest is a linear system: solve it
  // directly. Coordinate descent alone crawls on correlated columns (hundreds of sweeps per
  // Newton step on the breast-cancer data); this usually finishes in one step.
  const polishIfSettled = (): void => {
    let settled = true;
    for (let j = 0; j < q; j++) {
      const v = j < penalized ? Math.sign(u[j] as number) : 1;
      if (v !== previous[j]) settled = false;
      signs[j] = v;
    }
    if (settled) supportSolve(model, u, signs, lambda1, lambda2, modelGradient);
    [signs, previous] = [previous, signs];
  };
  while (worst > tolerance && sweeps < maxSweeps) {
    for (let j = 0; j < q; j++) update(j);
    sweeps++;
    polishIfSettled();
    // Then only the nonzero coordinates until they settle: most sweeps of a path touch few.
    while (sweeps < maxSweeps && residual(true) > tolerance) {
      for (let j = 0; j < q; j++) if (j >= penalized || u[j] !== 0) update(j);
      sweeps++;
      polishIfSettled();
    }
    worst = residual(false);
  }
  return { sweeps, residual: worst };
}

/**
 * On the coordinates A that are nonzero (or unpenalized), with their signs s fixed, the model's
 * optimum solves (H_AA + 2λ2·D)·δ = −(∇_A + 2λ2·D·u_A + λ1·s_A) (D: 1 on penalized coordinates).
 * Takes that step when the system is positive definite and no sign flips; otherwise leaves u.
 */
function supportSolve(model: QuadraticModel, u: Float64Array, signs: Int8Array, lambda1: number, lambda2: number, modelGradient: Float64Array): void {
  const { hessian: h, q, penalized } = model;
  const support: number[] = [];
  for (let j = 0; j < q; j++) if (signs[j] !== 0 && (h[j * q + j] as number) > 0) support.push(j);
  const a = support.length;
  if (a === 0) return;
  const l = new Float64Array(a * a);
  const step = new Float64Array(a);
  for (let r = 0; r < a; r++) {
    const jr = support[r] as number;
    const pen = jr < penalized;
    step[r] = -((modelGradient[jr] as number) + (pen ? 2 * lambda2 * (u[jr] as number) + lambda1 * (signs[jr] as number) : 0));
    for (let c = 0; c <= r; c++) l[r * a + c] = (h[jr * q + (support[c] as number)] as number) + (r === c && pen ? 2 * lambda2 : 0);
  }
  if (!choleskySolve(l, step, a)) return;
  for (let r = 0; r < a; r++) {
    const j = support[r] as number;
    if (j < penalized && Math.sign((u[j] as number) + (step[r] as number)) !== signs[j]) return;
  }
  for (let r = 0; r < a; r++) {
    const j = support[r] as number;
    const delta = step[r] as number;
    if (delta === 0) continue;
    u[j] = (u[j] as number) + delta;
    for (let i = 0; i < q; i++) modelGradient[i] = (modelGradient[i] as number) + delta * (h[j * q + i] as number);
  }
}

/** Solves L·Lᵀ·x = b in place (lower triangle of `m` given, a×a); false if not positive definite. */
export function choleskySolve(m: Float64Array, b: Float64Array, a: number): boolean {
  for (let r = 0; r < a; r++) {
    for (let c = 0; c <= r; c++) {
      let sum = m[r * a + c] as number;
      for (let k = 0; k < c; k++) sum -= (m[r * a + k] as number) * (m[c * a + k] as number);
      if (r === c) {
        // Relative to the diagonal: a nearly collinear support is left to coordinate descent.
        if (!(sum > 1e-12 * (m[r * a + r] as number))) return false;
        m[r * a + r] = Math.sqrt(sum);
      } else {
        m[r * a + c] = sum / (m[c * a + c] as number);
      }
    }
  }
  for (let r = 0; r < a; r++) {
    let sum = b[r] as number;
    for (let k = 0; k < r; k++) sum -= (m[r * a + k] as number) * (b[k] as number);
    b[r] = sum / (m[r * a + r] as number);
  }
  for (let r = a - 1; r >= 0; r--) {
    let sum = b[r] as number;
    for (let k = r + 1; k < a; k++) sum -= (m[k * a + r] as number) * (b[k] as number);
    b[r] = sum / (m[r * a + r] as number);
  }
  return true;
}
