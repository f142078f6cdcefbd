// Squared loss (Keras' MSE) with L1 / L2 / elastic-net penalties by coordinate descent on the
// centered Gram matrix — glmnet's "covariance updates" (Friedman, Hastie & Tibshirani 2010, §2.2):
// with the intercept profiled out the objective is exactly the quadratic
//     yᵀy/n − 2·wᵀ(Xᵀy/n) + wᵀ(XᵀX/n)w + λ1·Σ|w| + λ2·Σw²     (X, y centered)
// so each coordinate is minimized exactly in O(p) and no pass over the rows is needed after the
// Gram matrix is built. Stops on the KKT residual of this objective, recomputed from scratch (not
// from the incrementally updated gradient) before it is trusted.
import { centeredCrossProducts } from './gram';
import { EXACT_TOLERANCE, penaltyOfKernel, residualTolerance, type ExactSolver } from './newtonCd';
import { choleskySolve, kktViolation, minimizeQuadratic } from './quadraticCd';
import type { Split } from './types';

export function gaussianSolver(split: Split, p: number): ExactSolver {
  const { xMean, yMean, gram, xty, yy } = centeredCrossProducts(split.x, split.y, split.rows, p);
  const hessian = new Float64Array(p * p);
  for (let i = 0; i < p * p; i++) hessian[i] = 2 * (gram[i] as number);
  const gradient = new Float64Array(p);
  const gw = new Float64Array(p);
  const modelGradient = new Float64Array(p);
  let scale = 0;
  for (const v of xty) scale = Math.max(scale, 2 * Math.abs(v));
  let theta = new Float64Array(p);

  /** ∇ = 2(Gw − Xᵀy/n) from scratch; returns the data loss. */
  const exact = (w: Float64Array): number => {
    let quad = 0;
    let lin = 0;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += (gram[j * p + k] as number) * (w[k] as number);
      gw[j] = s;
      gradient[j] = 2 * (s - (xty[j] as number));
      quad += (w[j] as number) * s;
      lin += (w[j] as number) * (xty[j] as number);
    }
    return Math.max(0, yy - 2 * lin + quad);
  };

  /**
   * On the support A of w with signs s, the optimum solves (G_AA + λ2·I)·w_A = Xᵀy_A/n − (λ1/2)·s_A.
   * Cholesky; null when that matrix is singular or a sign flips (the support is not settled yet).
   */
  const supportSolve = (w: Float64Array, lambda1: number, lambda2: number): Float64Array | null => {
    const support: number[] = [];
    for (let j = 0; j < p; j++) if (w[j] !== 0) support.push(j);
    const a = support.length;
    if (a === 0) return null;
    const l = new Float64Array(a * a);
    const rhs = new Float64Array(a);
    for (let r = 0; r < a; r++) {
      const jr = support[r] as number;
      rhs[r] = (xty[jr] as number) - (lambda1 / 2) * Math.sign(w[jr] as number);
      for (let c = 0; c <= r; c++) l[r * a + c] = (gram[jr * p + (support[c] as number)] as number) + (r === c ? lambda2 : 0);
    }
    if (!choleskySolve(l, rhs, a)) return null;
    const out = new Float64Array(p);
    for (let r = 0; r < a; r++) {
      const j = support[r] as number;
      if (Math.sign(rhs[r] as number) !== Math.sign(w[j] as number)) return null;
      out[j] = rhs[r] as number;
    }
    return out;
  };

  let solvedLambda1: number | undefined;
  const solver: ExactSolver = {
    name: 'cd',
    dim: p,
    penalized: p,
    kernelAndBias(th) {
      let b = yMean;
      for (let j = 0; j < p; j++) b -= (xMean[j] as number) * (th[j] as number);
      return { kernel: th.slice(0, p), bias: Float64Array.of(b) };
    },
    thetaFrom: (kernel) => Float64Array.from(kernel),
    async solve(control) {
      const { lambda1, lambda2 } = control;
      // glmnet's pathwise strategy inside one fit: a small λ1 far below the last solution (or
      // cold, below λmax) is reached through a geometric sequence of warm-started λ1, which keeps
      // the support small; straight from zero, coordinate descent at λ1 = 1e-5·λmax with p > n
      // fills more coordinates than there are rows and crawls.
      if (!control.start && lambda1 > 0) {
        for (let l = (solvedLambda1 ?? scale) / 2; l > 2 * lambda1; l /= 2) {
          const step = await solver.solve({ lambda1: l, lambda2: (lambda2 * l) / lambda1, ...(control.shouldStop ? { shouldStop: control.shouldStop } : {}) });
          if (step.cancelled) return step;
        }
      }
      const tolerance = residualTolerance(control.tolerance ?? EXACT_TOLERANCE, Math.max(scale, lambda1, 1e-12), lambda1);
      theta = Float64Array.from(control.start ?? theta);
      let lastReport = performance.now();
      let dataLoss = exact(theta);
      const kkt = (): number => {
        let worst = 0;
        for (let j = 0; j < p; j++) worst = Math.max(worst, kktViolation(gradient[j] as number, theta[j] as number, true, lambda1, lambda2));
        return worst;
      };
      let residual = kkt();
      let sweeps = 0;
      let reportedAt = 0;
      let cancelled = false;
      const maxSweeps = control.maxIterations ?? 100_000;
      const report = (): void => {
        const now = performance.now();
        const objective = dataLoss + penaltyOfKernel(theta, p, lambda1, lambda2);
        control.onProgress?.({ iteration: sweeps, objective, dataLoss, residual, msPerIteration: (now - lastReport) / Math.max(1, sweeps - reportedAt), theta });
        lastReport = now;
        reportedAt = sweeps;
      };
      // Sweeps in chunks that end at 1, 2, 4, 8, … so a run still draws its convergence curve; the
      // exact residual (from scratch, not the incrementally updated gradient) decides the stop.
      while (residual > tolerance && sweeps < maxSweeps) {
        if (control.shouldStop?.()) {
          cancelled = true;
          break;
        }
        const budget = Math.max(1, Math.min(maxSweeps, Math.max(1, reportedAt * 2)) - sweeps);
        const done = minimizeQuadratic({ hessian, gradient, q: p, penalized: p }, theta, lambda1, lambda2, 0.25 * tolerance, modelGradient, budget).sweeps;
        dataLoss = exact(theta);
        residual = kkt();
        if (residual > tolerance) {
          // Coordinate descent crawls when the active columns are nearly collinear (p > n at tiny
          // λ): solve the KKT equations on the current support and signs directly, and keep that
          // point if it is better — exact in one step once the support is right.
          const polished = supportSolve(theta, lambda1, lambda2);
          if (polished) {
            const before = dataLoss + penaltyOfKernel(theta, p, lambda1, lambda2);
            const saved = Float64Array.from(theta);
            theta.set(polished);
            const after = exact(theta) + penaltyOfKernel(theta, p, lambda1, lambda2);
            if (after <= before) {
              dataLoss = after - penaltyOfKernel(theta, p, lambda1, lambda2);
            } else {
              theta.set(saved);
              dataLoss = exact(theta);
            }
            residual = kkt();
          }
        }
        // Rounding can leave the exact residual just above what the model reached: nothing to gain.
        if (done === 0) break;
        sweeps += done;
        if (sweeps >= Math.max(1, reportedAt * 2) || residual <= tolerance) report();
      }
      const converged = residual <= tolerance;
      solvedLambda1 = lambda1;
      const objective = dataLoss + penaltyOfKernel(theta, p, lambda1, lambda2);
      return { theta: Float64Array.from(theta), iterations: sweeps, converged, cancelled, diverged: !Number.isFinite(objective), objective, dataLoss, residual };
    },
  };
  return solver;
}
