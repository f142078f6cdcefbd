// A linear model's λ path with the exact float64 solvers, and one cross-validation fold of it.
// Kept free of tfjs so a fold helper process (foldWorker.ts) loads only this and the solvers, and
// computes exactly what the sweep's own process would: the same code on the same rows.
import type { SplitMetrics } from '../../../shared/domain';
import { takeTurnIfDue } from './eventTurns';
import { exactSolverFor } from './exactSolver';
import { fista } from './fista';
import { linearProblem, type LinearProblem } from './linearProblem';
import { linearLogits, linearRegressionMetrics } from './linearSolver';
import type { LossKind } from './losses';
import { classificationMetrics, regressionMetrics } from './metrics';
import type { Split } from './types';
import { coefficientsFromKernel } from './weightStats';

export interface PenaltyPair {
  lambda1: number;
  lambda2: number;
}

export interface FittedPoint {
  /** Float64 logits for any split. */
  logits(split: Split): Float64Array;
  /** The split's metrics where the fit knows a faster way than its logits (else undefined). */
  metrics?(split: Split): SplitMetrics | undefined;
  loss: { data: number; penalty: number; total: number };
  weights: number;
  zeros: number;
  coefficients?: number[] | number[][];
  intercept?: number | number[];
  /** Set when the fit diverged: its numbers are not a model. */
  diverged?: string;
}

export type PathFit = (train: Split, grid: PenaltyPair[], onFit: (i: number, fit: FittedPoint) => void) => Promise<boolean>;

export function splitMetrics(kind: LossKind, logits: Float64Array, k: number, split: Split, classes: number): SplitMetrics {
  if (kind === 'bce' || kind === 'cce') return classificationMetrics(kind, logits, k, split.y, split.rows, classes).metrics;
  return regressionMetrics(logits, split.y, split.rows);
}

/** Linear models: an exact float64 solver along the path, warm-started, no tfjs model per point. */
export function linearPath(kind: LossKind, p: number, k: number, hooks: { shouldStop(): boolean }): PathFit {
  return async (train, grid, onFit) => {
    const exact = exactSolverFor(kind, train, p, k);
    const problem = exact ? null : linearProblem(kind, train, p, k);
    const regression = kind !== 'bce' && kind !== 'cce';
    let start: Float64Array | undefined;
    for (let i = 0; i < grid.length; i++) {
      const { lambda1, lambda2 } = grid[i] as PenaltyPair;
      const shouldStop = (): boolean => hooks.shouldStop();
      // The exact solvers keep their own warm start (and the previous λ for the strong rule).
      const out = exact ? await exact.solve({ lambda1, lambda2, shouldStop }) : await fista(problem as LinearProblem, { lambda1, lambda2, ...(start ? { start } : {}), shouldStop });
      if (out.cancelled) return false;
      const diverged = out.diverged || !Number.isFinite(out.objective);
      // A diverged fit is no start for the next λ (FISTA would carry its non-finite weights on).
      if (!diverged) start = out.theta;
      const { kernel, bias } = (exact ?? (problem as LinearProblem)).kernelAndBias(out.theta);
      let zeros = 0;
      for (const w of kernel) if (w === 0) zeros++;
      // The solver's rows were just scored by its last pass: their logits and mean loss are at hand.
      const solved = !diverged && !regression ? (exact?.solvedLogits?.() ?? null) : null;
      onFit(i, {
        logits: (split) => (split === train && solved ? solved.logits : linearLogits(split.x, split.rows, kernel, bias)),
        ...(regression ? { metrics: (split: Split) => linearRegressionMetrics(split, kernel, bias) } : {}),
        ...(solved ? { metrics: (split: Split) => (split === train ? classificationMetrics(kind, solved.logits, k, split.y, split.rows, kind === 'bce' ? 2 : k, solved.dataLoss).metrics : undefined) } : {}),
        loss: { data: out.dataLoss, penalty: out.objective - out.dataLoss, total: out.objective },
        weights: kernel.length,
        zeros,
        coefficients: coefficientsFromKernel(kernel, p, k),
        intercept: k === 1 ? (bias[0] as number) : Array.from(bias),
        ...(diverged ? { diverged: `the solver's objective became ${out.objective} at iteration ${out.iterations}` } : {}),
      });
      await takeTurnIfDue();
    }
    return true;
  };
}

/** Rows of a split picked by index. */
export function subset(split: Split, rows: Int32Array, p: number): Split {
  const x = new Float32Array(rows.length * p);
  const y = new Float32Array(rows.length);
  rows.forEach((r, i) => {
    x.set(split.x.subarray(r * p, (r + 1) * p), i * p);
    y[i] = split.y[r] as number;
  });
  return { x, y, rows: rows.length };
}

/** Fold f of k-fold CV: position i of the shuffled order is held out when i mod folds = f. */
export function foldSplits(train: Split, order: Int32Array, folds: number, f: number, p: number): { kept: Split; held: Split } {
  const held = order.filter((_, i) => i % folds === f);
  const kept = order.filter((_, i) => i % folds !== f);
  return { kept: subset(train, kept, p), held: subset(train, held, p) };
}

/** Everything a fold needs besides its number: the same for every fold of one sweep. */
export interface CvProblem {
  kind: LossKind;
  p: number;
  k: number;
  classes: number;
  grid: PenaltyPair[];
  cvMetric: 'mse' | 'loss';
  train: Split;
  order: Int32Array;
  folds: number;
}

/**
 * A fold's held-out error at a λ whose fit diverged: no number describes such a fit, and Infinity
 * (unlike NaN, "metric undefined") travels from a fold helper as it is; runSweep flags the point.
 */
export const DIVERGED_FOLD = Infinity;

/** The held-out error at every λ of fold f (NaN where the metric is undefined, DIVERGED_FOLD where the fit diverged), or null if stopped. */
export async function linearFoldErrors(cv: CvProblem, f: number, shouldStop: () => boolean): Promise<number[] | null> {
  const { kind, p, k, classes, grid, cvMetric } = cv;
  const { kept, held } = foldSplits(cv.train, cv.order, cv.folds, f, p);
  const errors = grid.map(() => NaN);
  const ok = await linearPath(kind, p, k, { shouldStop })(kept, grid, (i, fit) => {
    if (fit.diverged !== undefined) {
      errors[i] = DIVERGED_FOLD;
      return;
    }
    const m = (fit.metrics?.(held) ?? splitMetrics(kind, fit.logits(held), k, held, classes))[cvMetric];
    errors[i] = typeof m === 'number' ? m : NaN;
  });
  return ok ? errors : null;
}
