// FISTA (accelerated proximal gradient, Beck & Teboulle 2009) with the gradient-based adaptive
// restart of O'Donoghue & Candès (2015), for
//     mean data loss(θ) + λ2·Σw² + λ1·Σ|w|    (w = the kernel part of θ; intercepts unpenalized).
// Step 1/L with L from the data (a Lipschitz bound), so no line search per step. It stops when the
// gradient mapping ‖L·(y − prox(y − ∇/L))‖∞ — the optimality residual — falls below a tolerance
// relative to the gradient's size at zero, which puts the objective within ~1e-10 of the optimum.
import { takeTurnIfDue } from './eventTurns';
import { penaltyValue } from './penalty';
import type { LinearProblem } from './linearProblem';
import { softThreshold } from './proximal';

export interface FistaProgress {
  iteration: number;
  objective: number;
  dataLoss: number;
  gradientMapping: number;
  msPerIteration: number;
  theta: Float64Array;
}

export interface FistaControl {
  lambda1: number;
  lambda2: number;
  start?: Float64Array;
  tolerance?: number;
  maxIterations?: number;
  /** Called every `reportMs`, at iterations 1, 2, 4, 8, …, and once at the end. */
  onProgress?: (progress: FistaProgress) => void;
  reportMs?: number;
  shouldStop?: () => boolean;
}

export interface FistaOutcome {
  theta: Float64Array;
  iterations: number;
  converged: boolean;
  cancelled: boolean;
  diverged: boolean;
  objective: number;
  dataLoss: number;
  gradientMapping: number;
}

export const DEFAULT_TOLERANCE = 1e-9;
export const DEFAULT_MAX_ITERATIONS = 100_000;

export function linearObjective(problem: LinearProblem, theta: Float64Array, lambda1: number, lambda2: number): { objective: number; dataLoss: number } {
  const dataLoss = problem.dataLoss(theta);
  return { objective: dataLoss + penaltyValue({ lambda1, lambda2 }, theta.subarray(0, problem.penalized)), dataLoss };
}

export async function fista(problem: LinearProblem, control: FistaControl): Promise<FistaOutcome> {
  const { lambda1, lambda2 } = control;
  const dim = problem.dim;
  const pen = problem.penalized;
  const maxIterations = control.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  const reportMs = control.reportMs ?? 100;
  let lipschitz = problem.lipschitz + 2 * lambda2;
  const grad = new Float64Array(dim);
  // Scale for the stopping rule: how steep the problem is at θ = 0.
  problem.gradient(new Float64Array(dim), grad);
  let scale = lambda1;
  for (const g of grad) scale = Math.max(scale, Math.abs(g));
  const tolerance = (control.tolerance ?? DEFAULT_TOLERANCE) * Math.max(scale, 1e-12);

  let x = control.start ? Float64Array.from(control.start) : new Float64Array(dim);
  let xNext = new Float64Array(dim);
  const y = Float64Array.from(x);
  let t = 1;
  let iteration = 0;
  let gradientMapping = Infinity;
  let converged = false;
  let cancelled = false;
  let diverged = false;
  let lastReport = performance.now();
  let iterationsAtReport = 0;
  let bestObjective = Infinity;

  const report = (): number => {
    const { objective, dataLoss } = linearObjective(problem, x, lambda1, lambda2);
    const now = performance.now();
    control.onProgress?.({
      iteration,
      objective,
      dataLoss,
      gradientMapping,
      msPerIteration: (now - lastReport) / Math.max(1, iteration - iterationsAtReport),
      theta: x,
    });
    lastReport = now;
    iterationsAtReport = iteration;
    return objective;
  };

  while (iteration < maxIterations) {
    if (control.shouldStop?.()) {
      cancelled = true;
      break;
    }
    problem.gradient(y, grad);
    const step = 1 / lipschitz;
    let residual = 0;
    let restartScore = 0;
    for (let i = 0; i < dim; i++) {
      const yi = y[i] as number;
      let v: number;
      if (i < pen) v = softThreshold(yi - step * ((grad[i] as number) + 2 * lambda2 * yi), step * lambda1);
      else v = yi - step * (grad[i] as number);
      xNext[i] = v;
      residual = Math.max(residual, Math.abs(yi - v));
      restartScore += (yi - v) * (v - (x[i] as number));
    }
    iteration++;
    gradientMapping = residual * lipschitz;
    if (!Number.isFinite(gradientMapping)) {
      diverged = true;
      break;
    }
    // Restart the momentum when it points uphill; this makes FISTA linearly convergent on the
    // strongly convex problems (λ2 > 0, or full-rank data) the analysts mostly run.
    const restart = restartScore > 0;
    const tNext = restart ? 1 : (1 + Math.sqrt(1 + 4 * t * t)) / 2;
    const momentum = restart ? 0 : (t - 1) / tNext;
    for (let i = 0; i < dim; i++) {
      const v = xNext[i] as number;
      y[i] = v + momentum * (v - (x[i] as number));
    }
    [x, xNext] = [xNext, x];
    t = tNext;
    if (gradientMapping <= tolerance) {
      converged = true;
      break;
    }
    const now = performance.now();
    if (now - lastReport >= reportMs) {
      const objective = report();
      if (!Number.isFinite(objective)) {
        diverged = true;
        break;
      }
      // Safeguard for a too-small Lipschitz estimate (power iteration on huge data stops early).
      if (objective > bestObjective * (1 + 1e-9) + 1e-15) {
        lipschitz *= 2;
        y.set(x);
        t = 1;
      }
      bestObjective = Math.min(bestObjective, objective);
    } else if (control.onProgress && (iteration & (iteration - 1)) === 0) {
      // Also at iterations 1, 2, 4, 8, …: a fast solve still shows its convergence curve.
      report();
    }
    await takeTurnIfDue();
  }
  const final = linearObjective(problem, x, lambda1, lambda2);
  if (control.onProgress && iteration > iterationsAtReport) report();
  return { theta: x, iterations: iteration, converged, cancelled, diverged: diverged || !Number.isFinite(final.objective), ...final, gradientMapping };
}
