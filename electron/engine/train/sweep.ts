// A regularization path: the same model trained for a grid of λ, largest first, each linear fit
// warm-started from the previous one (as glmnet does), with optional k-fold cross-validation that
// picks λmin (lowest mean CV error) and λ1se (the largest λ within one standard error of it).
// The result is plain JSON so the CLI can write it as is.
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec, SplitMetrics } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { exactSolverName } from './exactSolver';
import { foldsWorthHelpers, startFolds, type FoldRun, type ParallelFolds } from './foldPool';
import { DIVERGED_FOLD, foldSplits, linearFoldErrors, linearPath, splitMetrics, type CvProblem, type FittedPoint, type PathFit } from './linearPath';
import { lossKindFor } from './losses';
import { outputUnits } from './network';
import { seededRandom, shuffleInto } from '../random';
import { chooseSolver, trainModelWith } from './trainModel';
import { divergedReason } from './divergence';
import type { PreparedData, Split } from './types';
import { validateData } from './validateData';

type TF = typeof tfType;

export interface SweepOptions {
  reg: 'l1' | 'l2' | 'l1l2';
  /** λ values (any order; the path runs largest first). See logGrid. */
  lambdas: number[];
  /** l1l2 only: λ1 = ratio·λ, λ2 = (1 − ratio)·λ. Default 0.5. */
  l1Ratio?: number;
  /** k-fold cross-validation on the training rows (≥ 2), or absent for none. */
  folds?: number;
}

export interface SweepPoint {
  lambda: number;
  lambda1: number;
  lambda2: number;
  metrics: { train: SplitMetrics; validation: SplitMetrics; test?: SplitMetrics };
  /** In a diverged point a part may be NaN or infinite (stored as null, see namedPoint). */
  loss: { data: number; penalty: number; total: number };
  weights: number;
  zeros: number;
  /** Linear models: standardized coefficients (multiclass: one row per class), and intercept. */
  coefficients?: number[] | number[][];
  intercept?: number | number[];
  /** Cross-validated error (regression: mse, classification: loss) — mean over folds and its standard error. */
  cv?: { mean: number; se: number };
  /**
   * Why this λ's fit (on all training rows, or in a CV fold) diverged. Such a point has no scores,
   * coefficients or CV error, and λmin / λ1se / the chosen λ never fall on it.
   */
  diverged?: string;
}

export interface SweepResult {
  reg: SweepOptions['reg'];
  solver: string;
  points: SweepPoint[];
  cvMetric?: 'mse' | 'loss';
  lambdaMin?: number;
  lambda1se?: number;
  cancelled: boolean;
}

export interface SweepHooks {
  onPoint(point: SweepPoint, done: number, total: number): void;
  shouldStop(): boolean;
}

/** `steps` values from `from` to `to`, evenly spaced in log scale (either direction). */
export function logGrid(from: number, to: number, steps: number): number[] {
  if (!(from > 0 && to > 0) || steps < 1 || !Number.isInteger(steps)) {
    throw new RegulaError('sweep-grid', 'A λ grid needs positive end points and a whole number of steps ≥ 1.');
  }
  if (steps === 1) return [from];
  const a = Math.log10(from);
  const b = Math.log10(to);
  // The ends exactly as given: 10^log10(λmax) can land a hair below λmax and leave a 1e-17 weight.
  return Array.from({ length: steps }, (_, i) => (i === 0 ? from : i === steps - 1 ? to : 10 ** (a + ((b - a) * i) / (steps - 1))));
}

function penaltiesFor(options: SweepOptions, lambda: number): { lambda1: number; lambda2: number } {
  if (options.reg === 'l1') return { lambda1: lambda, lambda2: 0 };
  if (options.reg === 'l2') return { lambda1: 0, lambda2: lambda };
  const ratio = options.l1Ratio ?? 0.5;
  return { lambda1: ratio * lambda, lambda2: (1 - ratio) * lambda };
}

function specAt(base: RunSpec, lambda1: number, lambda2: number): RunSpec {
  const regularizer: RunSpec['regularizer'] =
    lambda1 > 0 && lambda2 > 0 ? { kind: 'l1l2', l1: lambda1, l2: lambda2 } : lambda1 > 0 ? { kind: 'l1', l1: lambda1 } : lambda2 > 0 ? { kind: 'l2', l2: lambda2 } : { kind: 'none' };
  return { ...base, regularizer };
}

/** Dense networks (or the gradient solver): one full training run per λ. */
function networkPath(tf: TF, base: RunSpec, data: PreparedData, hooks: SweepHooks): PathFit {
  return async (train, grid, onFit) => {
    for (let i = 0; i < grid.length; i++) {
      const { lambda1, lambda2 } = grid[i] as { lambda1: number; lambda2: number };
      const foldData: PreparedData = { ...data, train, validation: { x: new Float32Array(0), y: new Float32Array(0), rows: 0 }, test: undefined };
      const result = await trainModelWith(tf, specAt(base, lambda1, lambda2), foldData, { onEpoch: () => {}, shouldStop: () => hooks.shouldStop() }, { skipConstantCheck: true });
      try {
        if (result.cancelled) return false;
        const model = result.model;
        const diverged = divergedReason(result);
        onFit(i, {
          logits(split) {
            if (split.rows === 0) return new Float64Array(0);
            // The saved model ends in sigmoid/softmax; back to logits (clipped like Keras' 1e-7).
            const logit = tf.tidy(() => {
              const out = model.predict(tf.tensor2d(split.x, [split.rows, data.featureNames.length])) as tfType.Tensor;
              if (data.task === 'regression') return out;
              const prob = tf.clipByValue(out, 1e-7, 1 - 1e-7);
              return data.task === 'binary' ? tf.log(tf.div(prob, tf.sub(1, prob))) : tf.log(prob);
            });
            const values = Float64Array.from(logit.dataSync());
            logit.dispose();
            return values;
          },
          loss: result.loss,
          weights: result.weights.weights,
          zeros: result.weights.zeros,
          ...(result.coefficients ? { coefficients: result.coefficients } : {}),
          ...(result.intercept !== undefined ? { intercept: result.intercept } : {}),
          ...(diverged !== undefined ? { diverged } : {}),
        });
      } finally {
        result.model.dispose();
      }
    }
    return true;
  };
}

/**
 * `parallel`: where linear CV folds may run besides this process (see foldPool.ts); without it, or
 * for small problems, they run here one after another — with the same numbers either way.
 */
export async function runSweep(tf: TF, baseSpec: RunSpec, data: PreparedData, options: SweepOptions, hooks: SweepHooks, parallel?: ParallelFolds): Promise<SweepResult> {
  validateData(data);
  if (options.lambdas.length === 0 || options.lambdas.some((l) => !(l >= 0) || !Number.isFinite(l))) {
    throw new RegulaError('sweep-grid', 'The λ grid must hold at least one finite λ ≥ 0.');
  }
  if (options.folds !== undefined && (!Number.isInteger(options.folds) || options.folds < 2 || options.folds > data.train.rows)) {
    throw new RegulaError('sweep-folds', `Cross-validation folds must be a whole number from 2 to the ${data.train.rows} training rows.`);
  }
  const kind = lossKindFor(data.task, baseSpec);
  const classes = data.classes?.length ?? 0;
  const p = data.featureNames.length;
  const k = outputUnits(data.task, classes);
  const lambdas = [...options.lambdas].sort((a, b) => b - a);
  const grid = lambdas.map((l) => penaltiesFor(options, l));
  const useFista = chooseSolver(baseSpec, kind) === 'fista';
  const fitPath = useFista ? linearPath(kind, p, k, hooks) : networkPath(tf, baseSpec, data, hooks);
  const solver = useFista ? exactSolverName(kind, p) : `${baseSpec.optimizer.kind}${baseSpec.proximalL1 && options.reg !== 'l2' ? '+prox-l1' : ''}`;
  const points: SweepPoint[] = [];
  const cvMetric = kind === 'bce' || kind === 'cce' ? 'loss' : 'mse';
  const folds = options.folds;
  const order = new Int32Array(data.train.rows);
  if (folds) shuffleInto(order, seededRandom(baseSpec.seed + 1));
  const cv: CvProblem | null = folds ? { kind, p, k, classes, grid, cvMetric, train: data.train, order, folds } : null;
  // Linear folds' helpers start now and work while this process solves the path on all rows.
  const foldRun: FoldRun | null = cv && useFista && parallel && foldsWorthHelpers(cv, parallel) ? startFolds(cv, parallel, () => hooks.shouldStop()) : null;
  await foldRun?.delivered;

  const completed = await fitPath(data.train, grid, (i, fit) => {
    const { lambda1, lambda2 } = grid[i] as { lambda1: number; lambda2: number };
    if (fit.diverged !== undefined) {
      const point = divergedPoint(lambdas[i] as number, lambda1, lambda2, fit, fit.diverged, data.test !== undefined);
      points.push(point);
      hooks.onPoint(point, points.length, grid.length);
      return;
    }
    const at = (split: Split): SplitMetrics => fit.metrics?.(split) ?? splitMetrics(kind, fit.logits(split), k, split, classes);
    const point: SweepPoint = {
      lambda: lambdas[i] as number,
      lambda1,
      lambda2,
      metrics: { train: at(data.train), validation: at(data.validation), ...(data.test ? { test: at(data.test) } : {}) },
      loss: fit.loss,
      weights: fit.weights,
      zeros: fit.zeros,
      ...(fit.coefficients ? { coefficients: fit.coefficients } : {}),
      ...(fit.intercept !== undefined ? { intercept: fit.intercept } : {}),
    };
    points.push(point);
    hooks.onPoint(point, points.length, grid.length);
  });
  const result: SweepResult = { reg: options.reg, solver, points, cancelled: !completed };
  if (!completed || !cv) {
    foldRun?.cancel();
    return result;
  }

  // k-fold CV: every fold runs the whole path on the other folds and scores its held-out rows.
  const foldDiverged = new Map<number, string>();
  const byFold = foldRun ? await foldRun.finish() : await serialFolds(cv, useFista, fitPath, hooks, foldDiverged);
  if (!byFold) return { ...result, cancelled: true };
  const errors = grid.map((_, i) => byFold.map((e) => e[i] as number));
  points.forEach((point, i) => {
    if (point.diverged !== undefined) return;
    const e = errors[i] as number[];
    // A λ that diverged in any fold has no CV error: its mean would be infinite or a fold short.
    const fold = e.indexOf(DIVERGED_FOLD);
    if (fold >= 0) {
      const reason = foldDiverged.get(i) ?? 'the fit diverged';
      Object.assign(point, divergedPoint(point.lambda, point.lambda1, point.lambda2, point, `in cross-validation fold ${fold + 1}: ${reason}`, data.test !== undefined));
      delete point.coefficients;
      delete point.intercept;
      return;
    }
    const mean = e.reduce((s, v) => s + v, 0) / e.length;
    const variance = e.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, e.length - 1);
    point.cv = { mean, se: Math.sqrt(variance / e.length) };
  });
  // glmnet: λmin minimizes the mean CV error; λ1se is the largest λ whose error is within one
  // standard error of that minimum (the simplest model statistically as good as the best).
  // Points that diverged have no cv and are never chosen; when every λ diverged there is no λmin.
  const scored = points.filter((pt) => pt.cv !== undefined && Number.isFinite(pt.cv.mean));
  if (scored.length === 0) return { ...result, cvMetric };
  let bestPoint = scored[0] as SweepPoint;
  for (const pt of scored) if ((pt.cv as { mean: number }).mean < (bestPoint.cv as { mean: number }).mean) bestPoint = pt;
  const limit = (bestPoint.cv?.mean ?? 0) + (bestPoint.cv?.se ?? 0);
  const oneSe = scored.find((pt) => (pt.cv?.mean ?? Infinity) <= limit) ?? bestPoint;
  return { ...result, cvMetric, lambdaMin: bestPoint.lambda, lambda1se: oneSe.lambda };
}

/**
 * A λ whose fit diverged: flagged with the reason, with no scores (its metrics would be NaN or the
 * numbers of weights that blew up), no coefficients; its loss as it was (non-finite parts are
 * stored as null).
 */
function divergedPoint(lambda: number, lambda1: number, lambda2: number, fit: Pick<FittedPoint, 'loss' | 'weights' | 'zeros'>, reason: string, hasTest: boolean): SweepPoint {
  return {
    lambda,
    lambda1,
    lambda2,
    metrics: { train: {}, validation: {}, ...(hasTest ? { test: {} } : {}) },
    loss: { ...fit.loss },
    weights: fit.weights,
    zeros: fit.zeros,
    diverged: reason,
  };
}

/** The folds one after another in this process (`diverged`: each diverged λ's reason): linear paths through linearFoldErrors (what a fold helper runs), networks by training. */
async function serialFolds(cv: CvProblem, linear: boolean, fitPath: PathFit, hooks: SweepHooks, diverged: Map<number, string>): Promise<number[][] | null> {
  const byFold: number[][] = [];
  for (let f = 0; f < cv.folds; f++) {
    if (linear) {
      const errors = await linearFoldErrors(cv, f, () => hooks.shouldStop());
      if (!errors) return null;
      byFold.push(errors);
      continue;
    }
    const { kept, held } = foldSplits(cv.train, cv.order, cv.folds, f, cv.p);
    const errors = cv.grid.map(() => NaN);
    const ok = await fitPath(kept, cv.grid, (i, fit) => {
      if (fit.diverged !== undefined) {
        // The first fold's reason is the one shown (the λ is flagged whichever fold it was).
        if (!diverged.has(i)) diverged.set(i, fit.diverged);
        errors[i] = DIVERGED_FOLD;
        return;
      }
      const m = (fit.metrics?.(held) ?? splitMetrics(cv.kind, fit.logits(held), cv.k, held, cv.classes))[cv.cvMetric];
      errors[i] = typeof m === 'number' ? m : NaN;
    });
    if (!ok) return null;
    byFold.push(errors);
  }
  return byFold;
}
