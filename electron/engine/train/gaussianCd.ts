// Squared loss (Keras' MSE) with L1 / L2 / elastic-net penalties by coordinate descent on the
// centered Gram matrix — glmnet's "covariance updates" (Friedman, Hastie & Tibshirani 2010, §2.2):
// with the intercept profiled out the objective is exactly the quadratic
//     yᵀy/n − 2·wᵀ(Xᵀy/n) + wᵀ(XᵀX/n)w + λ1·Σ|w| + λ2·Σw²     (X, y centered)
// so each coordinate is minimized exactly in O(p) and no pass over the rows is needed after the
// Gram matrix is built. Stops on the KKT residual of this objective, recomputed from scratch (not
// from the incrementally updated gradient) before it is trusted.
import { centeredCrossProducts } from './gram';
import { EXACT_TOLERANCE, penaltyOfKernel, residualTolerance, type ExactSolver } from './newtonCd';
import { kktViolation, minimizeQuadratic } from './quadraticCd';
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

  return {
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
        // Rounding can leave the exact residual just above what the model reached: nothing to gain.
        if (done === 0) break;
        sweeps += done;
        if (sweeps >= Math.max(1, reportedAt * 2) || residual <= tolerance) report();
      }
      const converged = residual <= tolerance;
      const objective = dataLoss + penaltyOfKernel(theta, p, lambda1, lambda2);
      return { theta: Float64Array.from(theta), iterations: sweeps, converged, cancelled, diverged: !Number.isFinite(objective), objective, dataLoss, residual };
    },
  };
}
