// Logistic and multinomial regression with L1 / L2 / elastic-net penalties, solved the way glmnet
// solves them (Friedman, Hastie & Tibshirani 2010, JSS 33(1), §3–4), in float64, for the Keras
// objective Regula reports:
//     mean log-loss(θ) + λ1·Σ|w| + λ2·Σw²        (w = kernel; intercepts unpenalized)
// Each outer step takes a quadratic (Newton / IRLS) model of the mean log-loss at the current
// point — weights v = p(1 − p) — and minimizes model + penalty by coordinate descent
// (quadraticCd), restricted to a working set: the nonzero coefficients, the coefficients the
// sequential strong rule (Tibshirani et al. 2012) keeps for the new λ, and any coordinate that
// fails the KKT conditions on the full gradient, so the screen can never drop a coefficient that
// belongs in the model. Binary: the Newton steps compute the gradient on the working set only, and
// the full gradient once the working set's KKT residual is below tolerance (glmnet's order: converge
// on the strong set, then check KKT over all coordinates); violators join and the steps go on. A backtracking line search on
// the true objective makes every step a descent step (proximal Newton, Lee, Sun & Saunders 2014),
// which plain IRLS is not on nearly separable data. Multinomial: one class block at a time with
// its diagonal Hessian block (glmnet's approach), the block with the largest KKT violation first.
// It stops when the KKT residual of the full problem is below a tolerance that shrinks with λ1 (see
// residualTolerance), so the zero set at convergence is the optimum's.
import { binaryPass, gradientOutside, HessianReuse } from './binaryPasses';
import { takeTurnIfDue } from './eventTurns';
import { accumulateBlock, BLOCK_ROWS } from './gram';
import { kktViolation, minimizeQuadratic } from './quadraticCd';
import type { Split } from './types';

export interface ExactProgress {
  iteration: number;
  objective: number;
  dataLoss: number;
  /** KKT residual of the full problem (max violation over all coordinates). */
  residual: number;
  msPerIteration: number;
  theta: Float64Array;
}

export interface ExactControl {
  lambda1: number;
  lambda2: number;
  /** Start here instead of the solver's previous solution (the warm start along a path). */
  start?: Float64Array;
  tolerance?: number;
  maxIterations?: number;
  onProgress?: (progress: ExactProgress) => void;
  shouldStop?: () => boolean;
}

export interface ExactOutcome {
  theta: Float64Array;
  iterations: number;
  converged: boolean;
  cancelled: boolean;
  diverged: boolean;
  objective: number;
  dataLoss: number;
  residual: number;
}

/** A linear model's exact solver: keeps its last solution, so successive calls follow a path. */
export interface ExactSolver {
  name: string;
  dim: number;
  penalized: number;
  solve(control: ExactControl): Promise<ExactOutcome>;
  kernelAndBias(theta: Float64Array): { kernel: Float64Array; bias: Float64Array };
  thetaFrom(kernel: Float64Array, bias: Float64Array): Float64Array;
  /**
   * The logits of the solver's own rows at the last solution (row-major, one column per output)
   * and their mean loss — what scoring those rows would compute again — or null if the last
   * solve left none (it diverged, or the solver keeps no logits).
   */
  solvedLogits?(): { logits: Float64Array; dataLoss: number } | null;
}

export const EXACT_TOLERANCE = 1e-9;

/**
 * Stop when the KKT residual is below tolerance·scale, where scale is the gradient's size at θ = 0
 * (λmax for L1) — and, with L1, also below 1e-6·λ1: a coordinate is zero at the optimum when its
 * gradient stays inside ±λ1, so the residual must be small next to λ1, not next to λmax, or tiny-λ
 * fits (λ1 = 1e-5·λmax) stop with coordinates on the wrong side of the threshold. The floor is what
 * float64 sums over the rows can resolve.
 */
export function residualTolerance(tolerance: number, scale: number, lambda1: number): number {
  const relative = tolerance * scale;
  return Math.max(1e-12 * scale, lambda1 > 0 ? Math.min(relative, 1e-6 * lambda1) : relative);
}

export function penaltyOfKernel(theta: Float64Array, penalized: number, lambda1: number, lambda2: number): number {
  let l1 = 0;
  let l2 = 0;
  for (let i = 0; i < penalized; i++) {
    const v = theta[i] as number;
    l1 += Math.abs(v);
    l2 += v * v;
  }
  return (lambda1 > 0 ? lambda1 * l1 : 0) + (lambda2 > 0 ? lambda2 * l2 : 0);
}

function bceLoss(z: number, t: number): number {
  return Math.max(z, 0) - z * t + Math.log1p(Math.exp(-Math.abs(z)));
}

/** kind 'bce': one sigmoid output; 'cce': softmax over k outputs. */
export function logisticSolver(kind: 'bce' | 'cce', split: Split, p: number, k: number): ExactSolver {
  const { x, y, rows: n } = split;
  const m = kind === 'bce' ? 1 : k;
  const penalized = p * m;
  const dim = penalized + m;
  const eta = new Float64Array(n * m);
  const prob = new Float64Array(n * m);
  const grad = new Float64Array(dim);
  const xDelta = new Float64Array(n * m);
  const weightRoot = new Float64Array(n);
  /** The weighted Gram's row block, reused by every Newton step (the working set is at most p + 1 wide). */
  const gramBlock = new Float64Array((p + 1) * BLOCK_ROWS);
  const z = new Float64Array(m);
  let theta = new Float64Array(dim);
  let previousLambda1: number | undefined;
  /** θ and data loss at the end of the last solve; eta, prob and grad still hold that point. */
  let solvedAt: { theta: Float64Array; dataLoss: number } | null = null;
  const activeColumns = new Int32Array(p);
  const activeWeights = new Float64Array(p);
  // Binary only: the softmax Hessian couples classes and is rebuilt every step as before.
  const reuse = m === 1 ? new HessianReuse(n) : null;
  // Binary: the kernel columns whose gradient the Newton steps keep current (the working set), and
  // the rest, whose entries of grad are stale until completeGradient. gradFull: grad is all current.
  const gradColumns = new Int32Array(p);
  let gradCount = p;
  const outside = new Int32Array(p);
  let gradFull = true;

  /**
   * Logits, probabilities, mean loss and (optionally) the gradient, in one pass over the rows.
   * Binary with `partial`: the gradient on gradColumns (and the intercept) only.
   */
  const evaluate = (th: Float64Array, withGradient: boolean, partial = false): number => {
    if (m === 1) {
      const subset = partial && gradCount < p;
      if (withGradient) gradFull = !subset;
      return binaryPass(x, y, n, p, th, eta, prob, withGradient ? grad : null, activeColumns, activeWeights, subset ? gradColumns : null, subset ? gradCount : p);
    }
    if (withGradient) grad.fill(0);
    // The nonzero kernel entries only: a path is mostly zeros at large λ.
    const columns: number[] = [];
    for (let j = 0; j < p; j++) {
      for (let c = 0; c < m; c++) {
        if (th[j * m + c] !== 0) {
          columns.push(j);
          break;
        }
      }
    }
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const base = r * p;
      for (let c = 0; c < m; c++) z[c] = th[penalized + c] as number;
      for (const j of columns) {
        const xv = x[base + j] as number;
        for (let c = 0; c < m; c++) z[c] = (z[c] as number) + xv * (th[j * m + c] as number);
      }
      const t = y[r] as number;
      const at = r * m;
      if (m === 1) {
        // One exp per row serves both the probability and the stable log-loss.
        const zi = z[0] as number;
        const e = Math.exp(-Math.abs(zi));
        eta[r] = zi;
        prob[r] = zi >= 0 ? 1 / (1 + e) : e / (1 + e);
        loss += Math.max(zi, 0) - zi * t + Math.log1p(e);
      } else {
        let max = -Infinity;
        for (let c = 0; c < m; c++) max = Math.max(max, z[c] as number);
        let sum = 0;
        for (let c = 0; c < m; c++) sum += Math.exp((z[c] as number) - max);
        for (let c = 0; c < m; c++) {
          eta[at + c] = z[c] as number;
          prob[at + c] = Math.exp((z[c] as number) - max) / sum;
        }
        loss += max + Math.log(sum) - (z[t] as number);
      }
      if (!withGradient) continue;
      for (let c = 0; c < m; c++) {
        const d = (prob[at + c] as number) - (m === 1 ? t : c === t ? 1 : 0);
        grad[penalized + c] = (grad[penalized + c] as number) + d;
        if (d === 0) continue;
        for (let j = 0; j < p; j++) grad[j * m + c] = (grad[j * m + c] as number) + (x[base + j] as number) * d;
      }
    }
    if (withGradient) for (let i = 0; i < dim; i++) grad[i] = (grad[i] as number) / n;
    return loss / n;
  };

  /** Mean loss with the logits moved by t·xDelta (the line search), O(n·m). */
  const lossAlong = (t: number): number => {
    let loss = 0;
    for (let r = 0; r < n; r++) {
      const target = y[r] as number;
      if (m === 1) {
        loss += bceLoss((eta[r] as number) + t * (xDelta[r] as number), target);
        continue;
      }
      const at = r * m;
      let max = -Infinity;
      for (let c = 0; c < m; c++) max = Math.max(max, (eta[at + c] as number) + t * (xDelta[at + c] as number));
      let sum = 0;
      for (let c = 0; c < m; c++) sum += Math.exp((eta[at + c] as number) + t * (xDelta[at + c] as number) - max);
      loss += max + Math.log(sum) - ((eta[at + target] as number) + t * (xDelta[at + target] as number));
    }
    return loss / n;
  };

  /**
   * Softmax: the full Hessian over the working coordinates (theta indices), with its couplings
   * between classes, (1/n)·Σ x̃_a x̃_b · P_ca(δ_ca,cb − P_cb). Taking only each class's diagonal
   * block (cycling over classes) converged linearly, and slowly, through those couplings.
   */
  const softmaxHessian = (indices: number[]): Float64Array => {
    const q = indices.length;
    const column = Int32Array.from(indices, (i) => (i < penalized ? Math.floor(i / m) : -1));
    const cls = Int32Array.from(indices, (i) => (i < penalized ? i % m : i - penalized));
    const values = new Float64Array(q);
    const sums = new Float64Array(q * q);
    for (let r = 0; r < n; r++) {
      const base = r * p;
      const at = r * m;
      for (let a = 0; a < q; a++) {
        const j = column[a] as number;
        values[a] = j < 0 ? 1 : (x[base + j] as number);
      }
      for (let a = 0; a < q; a++) {
        const va = values[a] as number;
        if (va === 0) continue;
        const ca = cls[a] as number;
        const pa = prob[at + ca] as number;
        for (let b = a; b < q; b++) {
          const cb = cls[b] as number;
          const weight = ca === cb ? pa * (1 - pa) : -pa * (prob[at + cb] as number);
          sums[a * q + b] = (sums[a * q + b] as number) + va * (values[b] as number) * weight;
        }
      }
    }
    for (let a = 0; a < q; a++) {
      for (let b = a; b < q; b++) {
        const v = (sums[a * q + b] as number) / n;
        sums[a * q + b] = v;
        sums[b * q + a] = v;
      }
    }
    return sums;
  };

  /** (1/n)·Σ v_i·x̃_i x̃_iᵀ over the working columns plus the intercept (x̃ = [x_S, 1]), q×q. */
  const weightedGram = (columns: number[]): Float64Array => {
    const s = columns.length;
    const q = s + 1;
    for (let r = 0; r < n; r++) {
      const pr = prob[r] as number;
      weightRoot[r] = Math.sqrt(pr * (1 - pr));
    }
    const block = gramBlock.subarray(0, q * BLOCK_ROWS);
    const sums = new Float64Array(q * q);
    for (let r0 = 0; r0 < n; r0 += BLOCK_ROWS) {
      const count = Math.min(BLOCK_ROWS, n - r0);
      // Column by column: the block is written in order (row by row, each row's values landed
      // BLOCK_ROWS apart, and the fill cost nearly what the Gram sums did on 569×30).
      for (let a = 0; a < s; a++) {
        const column = columns[a] as number;
        const at = a * BLOCK_ROWS;
        for (let i = 0, from = r0 * p + column; i < count; i++, from += p) block[at + i] = (x[from] as number) * (weightRoot[r0 + i] as number);
      }
      block.set(weightRoot.subarray(r0, r0 + count), s * BLOCK_ROWS);
      accumulateBlock(block, count, q, sums);
    }
    const h = new Float64Array(q * q);
    for (let a = 0; a < q; a++) {
      for (let b = a; b < q; b++) {
        const v = (sums[a * q + b] as number) / n;
        h[a * q + b] = v;
        h[b * q + a] = v;
      }
    }
    return h;
  };

  /** The stale entries of a working-set gradient, from the probabilities of the last pass. */
  const completeGradient = (): void => {
    if (gradFull) return;
    let count = 0;
    const inside = new Uint8Array(p);
    for (let a = 0; a < gradCount; a++) inside[gradColumns[a] as number] = 1;
    for (let j = 0; j < p; j++) if (!inside[j]) outside[count++] = j;
    gradientOutside(x, y, n, p, prob, grad, outside, count);
    gradFull = true;
  };

  const violation = (th: Float64Array, i: number, lambda1: number, lambda2: number): number =>
    kktViolation(grad[i] as number, th[i] as number, i < penalized, lambda1, lambda2);

  const scaleAtZero = (): number => {
    evaluate(new Float64Array(dim), true);
    let s = 0;
    for (const g of grad) s = Math.max(s, Math.abs(g));
    return s;
  };
  let scale: number | undefined;

  return {
    name: 'newton-cd',
    dim,
    penalized,
    kernelAndBias: (th) => ({ kernel: th.slice(0, penalized), bias: th.slice(penalized) }),
    thetaFrom(kernel, bias) {
      const th = new Float64Array(dim);
      th.set(kernel);
      th.set(bias, penalized);
      return th;
    },
    solvedLogits: () => (solvedAt && Number.isFinite(solvedAt.dataLoss) ? { logits: Float64Array.from(eta), dataLoss: solvedAt.dataLoss } : null),
    async solve(control) {
      const { lambda1, lambda2 } = control;
      scale ??= scaleAtZero();
      const tolerance = residualTolerance(control.tolerance ?? EXACT_TOLERANCE, Math.max(scale, lambda1, 1e-12), lambda1);
      const maxIterations = control.maxIterations ?? 1000;
      if (control.start) theta = Float64Array.from(control.start);
      else theta = Float64Array.from(theta);
      const th = theta;
      // Working sets per class block: carried nonzeros, the strong rule, then KKT violators.
      const working = Array.from({ length: m }, () => new Uint8Array(p));
      // Along a path the warm start is the last solution, whose pass is still in eta, prob and grad.
      const same = solvedAt !== null && solvedAt.theta.every((v, i) => v === th[i]);
      let dataLoss = same && solvedAt ? solvedAt.dataLoss : evaluate(th, true);
      completeGradient();
      const strong = 2 * lambda1 - (previousLambda1 ?? lambda1);
      for (let j = 0; j < p; j++) {
        for (let c = 0; c < m; c++) {
          const i = j * m + c;
          if (th[i] !== 0 || Math.abs(grad[i] as number) >= strong) (working[c] as Uint8Array)[j] = 1;
        }
      }
      let iteration = 0;
      let converged = false;
      let cancelled = false;
      let diverged = false;
      let residual = Infinity;
      let bestResidual = Infinity;
      /** The residual before a step taken on a reused Hessian, to judge its progress. */
      let reusedFrom: number | null = null;
      let improvedAt = 0;
      let lastReport = performance.now();
      let reportedAt = 0;
      const objectiveOf = (loss: number): number => loss + penaltyOfKernel(th, penalized, lambda1, lambda2);
      /** KKT residual over every coordinate whose gradient is current; violators join the working set. */
      const measure = (): number => {
        let worst = 0;
        for (let i = 0; i < dim; i++) {
          const c = i < penalized ? i % m : i - penalized;
          if (!gradFull && i < penalized && !(working[c] as Uint8Array)[Math.floor(i / m)]) continue;
          const v = violation(th, i, lambda1, lambda2);
          worst = Math.max(worst, v);
          // The KKT check: a screened-out coordinate that wants to move joins the working set.
          if (i < penalized && v > tolerance) (working[c] as Uint8Array)[Math.floor(i / m)] = 1;
        }
        return worst;
      };
      /** The full problem's residual: the gradient completed first if the last pass was partial. */
      const fullResidual = (): number => {
        if (!gradFull) {
          completeGradient();
          residual = measure();
          // A new measure (over more coordinates): progress is judged against it from here.
          bestResidual = Infinity;
        }
        return residual;
      };
      for (;;) {
        residual = measure();
        // Converged on the working set: only now the whole gradient, for the KKT check.
        if (!gradFull && residual <= tolerance && Number.isFinite(dataLoss)) fullResidual();
        if (!Number.isFinite(dataLoss) || !Number.isFinite(residual)) {
          diverged = true;
          break;
        }
        if (reusedFrom !== null) reuse?.judge(reusedFrom, residual);
        if (control.onProgress && iteration > 0 && (iteration & (iteration - 1)) === 0) {
          const now = performance.now();
          control.onProgress({ iteration, objective: objectiveOf(dataLoss), dataLoss, residual, msPerIteration: (now - lastReport) / Math.max(1, iteration - reportedAt), theta: th });
          lastReport = now;
          reportedAt = iteration;
        }
        if (residual <= tolerance) {
          converged = true;
          break;
        }
        if (residual < bestResidual) {
          bestResidual = residual;
          improvedAt = iteration;
        }
        // A residual that stopped falling is rounding, not progress (a safeguard; see atNoiseFloor).
        if (iteration >= maxIterations || iteration - improvedAt > 25) break;
        if (control.shouldStop?.()) {
          cancelled = true;
          break;
        }
        const before = residual;
        const { loss: next, reused } = newtonStep(residual, tolerance, lambda1, lambda2, dataLoss);
        reusedFrom = reused ? before : null;
        iteration++;
        if (Number.isNaN(next)) {
          // No descent left at float64 precision: the optimum as far as the sums can tell.
          fullResidual();
          converged = residual <= (control.tolerance ?? EXACT_TOLERANCE) * Math.max(scale, 1e-12);
          break;
        }
        dataLoss = next;
        await takeTurnIfDue();
      }
      // Whatever stopped the loop, the reported residual and the next warm start need the whole gradient.
      if (!diverged) fullResidual();
      if (control.onProgress && iteration > reportedAt) {
        control.onProgress({ iteration, objective: objectiveOf(dataLoss), dataLoss, residual, msPerIteration: (performance.now() - lastReport) / (iteration - reportedAt), theta: th });
      }
      previousLambda1 = lambda1;
      // Every way out of the loop leaves the last pass evaluated at th.
      solvedAt = { theta: Float64Array.from(th), dataLoss };
      return { theta: Float64Array.from(th), iterations: iteration, converged, cancelled, diverged, objective: objectiveOf(dataLoss), dataLoss, residual };

      /** One proximal Newton step over the working set: the new data loss, or NaN if it cannot descend. */
      function newtonStep(outerResidual: number, tol: number, l1: number, l2: number, loss0: number): { loss: number; reused: boolean } {
        const indices: number[] = [];
        for (let j = 0; j < p; j++) for (let c = 0; c < m; c++) if ((working[c] as Uint8Array)[j]) indices.push(j * m + c);
        const s = indices.length;
        for (let c = 0; c < m; c++) indices.push(penalized + c);
        const q = indices.length;
        const columns = indices.slice(0, s);
        if (m === 1) {
          gradCount = s;
          gradColumns.set(columns);
        }
        const cached = reuse?.lookup(columns, eta) ?? null;
        const hessian = cached ?? (m === 1 ? weightedGram(columns) : softmaxHessian(indices));
        if (reuse && !cached) reuse.store(columns, hessian, eta);
        const reused = cached !== null;
        const result = (loss: number): { loss: number; reused: boolean } => {
          // A reused Hessian that finds no descent is out of date, not a sign of the optimum:
          // stay put and let the next step build a fresh one.
          if (reused && Number.isNaN(loss)) {
            reuse?.judge(1, Infinity);
            return { loss: loss0, reused: false };
          }
          return { loss, reused };
        };
        const gradient = Float64Array.from(indices, (i) => grad[i] as number);
        const u = Float64Array.from(indices, (i) => th[i] as number);
        const w0 = Float64Array.from(u);
        // Inexact Newton: solve the model a little tighter than the current residual, and to the
        // full tolerance near the end, which keeps the outer convergence superlinear.
        const innerTolerance = Math.max(0.1 * tol, Math.min(0.1 * outerResidual, (outerResidual * outerResidual) / Math.max(scale ?? 1, 1e-12)));
        minimizeQuadratic({ hessian, gradient, q, penalized: s }, u, l1, l2, innerTolerance, new Float64Array(q));
        // Predicted decrease of the objective along the step (negative for a descent direction).
        let decrease = 0;
        let anyMove = false;
        for (let a = 0; a < q; a++) {
          const delta = (u[a] as number) - (w0[a] as number);
          if (delta !== 0) anyMove = true;
          decrease += (gradient[a] as number) * delta;
          if (a < s) {
            const before = w0[a] as number;
            const after = u[a] as number;
            decrease += l1 * (Math.abs(after) - Math.abs(before)) + l2 * (after * after - before * before);
          }
        }
        if (!anyMove) return result(NaN);
        // The logits' move along the step, for the line search only (the full step is nearly always taken).
        const fillDelta = (): void => {
          xDelta.fill(0);
          for (let a = 0; a < q; a++) {
            const delta = (u[a] as number) - (w0[a] as number);
            if (delta === 0) continue;
            const i = indices[a] as number;
            if (i >= penalized) {
              const c = i - penalized;
              for (let r = 0; r < n; r++) xDelta[r * m + c] = (xDelta[r * m + c] as number) + delta;
              continue;
            }
            const j = Math.floor(i / m);
            const c = i % m;
            for (let r = 0; r < n; r++) xDelta[r * m + c] = (xDelta[r * m + c] as number) + (x[r * p + j] as number) * delta;
          }
        };
        const penaltyAt = (t: number): number => {
          let total = 0;
          for (let a = 0; a < s; a++) {
            const v = (w0[a] as number) + t * ((u[a] as number) - (w0[a] as number));
            total += l1 * Math.abs(v) + l2 * v * v;
          }
          return total;
        };
        const f0 = loss0 + penaltyAt(0);
        // Near the optimum the predicted decrease falls below what a float64 sum of n losses can
        // resolve (~1e-16·f): comparing objectives there is comparing rounding, which rejected good
        // Newton steps forever. Such steps are tiny and the model is exact to second order: take them.
        const atNoiseFloor = Math.abs(decrease) <= 1e-13 * Math.max(1, Math.abs(f0));
        const accept = (f: number, t: number): boolean => atNoiseFloor || f <= f0 + 1e-4 * t * Math.min(decrease, 0) || (decrease >= 0 && f < f0);
        const moveTo = (t: number): void => indices.forEach((i, a) => (th[i] = (w0[a] as number) + t * ((u[a] as number) - (w0[a] as number))));
        // The full step first, evaluated with its gradient (needed next anyway): it is nearly always
        // taken, so the line search usually costs nothing.
        moveTo(1);
        const full = evaluate(th, true, true);
        if (accept(full + penaltyAt(1), 1)) return result(full);
        fillDelta();
        // Backtrack from there: the logits now sit at t = 1, so t is reached by moving t − 1.
        let t = 0.5;
        for (let tries = 0; tries < 40; tries++, t /= 2) {
          if (accept(lossAlong(t - 1) + penaltyAt(t), t)) {
            moveTo(t);
            return result(evaluate(th, true, true));
          }
        }
        moveTo(0);
        evaluate(th, true, true);
        return result(NaN);
      }
    },
  };
}
