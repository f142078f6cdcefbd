// A regularization path: the model form's spec trained over a log-spaced λ grid. Pure helpers for
// the sweep settings and for reading a sweep's points as chart series.
import { SweepSpec, type RunSpecInput, type SweepPoint, type SweepRecord, type SweepSpecInput } from '../../../shared/domain';
import { describeRule, numberRule, obeys } from '../../../shared/formRules';
import { buildRunSpec, type RunForm } from './runForm';

export interface SweepSettings {
  /** 'data': λmax (every coefficient zero) down to λmax·10⁻³, as glmnet does; 'custom': from → to. */
  grid: 'data' | 'custom';
  from: number | string;
  to: number | string;
  steps: number | string;
  /** 0 or '' = no cross-validation. */
  folds: number | string;
}

export type SweepErrors = Partial<Record<keyof SweepSettings | 'regularizer', string>>;

export const defaultSweep = (): SweepSettings => ({ grid: 'data', from: 1, to: 0.001, steps: 20, folds: 5 });

const num = (v: number | string): number => (typeof v === 'number' ? v : v.trim() === '' ? Number.NaN : Number(v));

/** Limits of the sweep fields, from the contract's SweepSpec. */
export const SWEEP_RULES = {
  from: numberRule(SweepSpec.shape.from),
  to: numberRule(SweepSpec.shape.to),
  steps: numberRule(SweepSpec.shape.steps),
  folds: numberRule(SweepSpec.shape.folds),
};

export function validateSweep(form: RunForm, sweep: SweepSettings): SweepErrors {
  const errors: SweepErrors = {};
  if (form.regularizer === 'none') errors.regularizer = 'Choose L1, L2 or L1 + L2 to sweep its λ.';
  const from = num(sweep.from);
  const to = num(sweep.to);
  if (sweep.grid === 'custom' && !obeys(SWEEP_RULES.from, from)) errors.from = `Largest λ must be ${describeRule(SWEEP_RULES.from)} (a log grid has no 0).`;
  if (sweep.grid === 'custom' && !obeys(SWEEP_RULES.to, to)) errors.to = `Smallest λ must be ${describeRule(SWEEP_RULES.to)} (a log grid has no 0).`;
  const steps = num(sweep.steps);
  if (!obeys(SWEEP_RULES.steps, steps)) errors.steps = `Steps must be ${describeRule(SWEEP_RULES.steps)}.`;
  const folds = sweep.folds === '' ? 0 : num(sweep.folds);
  if (folds !== 0 && !obeys(SWEEP_RULES.folds, folds)) errors.folds = `CV folds must be 0 (off) or ${describeRule(SWEEP_RULES.folds)}.`;
  return errors;
}

/** For L1 + L2 the form's λ₁ : λ₂ proportion is kept along the path. */
export function buildSweepSpec(form: RunForm, datasetId: string, sweep: SweepSettings): SweepSpecInput {
  const reg = form.regularizer === 'none' ? 'l1' : form.regularizer;
  const folds = sweep.folds === '' ? 0 : num(sweep.folds);
  const l1 = num(form.lambda1);
  const l2 = num(form.lambda2);
  const ratio = reg === 'l1l2' && l1 + l2 > 0 ? Math.min(1, Math.max(0.01, l1 / (l1 + l2))) : undefined;
  return {
    base: buildRunSpec(form, datasetId),
    reg,
    ...(sweep.grid === 'custom' ? { from: num(sweep.from), to: num(sweep.to) } : {}),
    steps: num(sweep.steps),
    ...(ratio !== undefined ? { l1Ratio: ratio } : {}),
    ...(folds >= 2 ? { folds } : {}),
  };
}

/** The number the path is judged by: the cross-validated score when there is one, else validation. */
export function pathScore(point: SweepPoint): number | null {
  // A λ whose fit diverged has no score: never the best, never on the score curve.
  if (point.diverged !== undefined) return null;
  if (point.cv) return point.cv.mean;
  const v = point.metrics.validation;
  const candidate = v.mse ?? v.loss ?? null;
  return typeof candidate === 'number' && Number.isFinite(candidate) ? candidate : null;
}

/** Coefficient paths per feature (single-output models); classifiers with many outputs give none. */
export function coefficientPaths(points: SweepPoint[]): Map<string, { x: number; y: number }[]> {
  const paths = new Map<string, { x: number; y: number }[]>();
  for (const p of [...points].sort((a, b) => a.lambda - b.lambda)) {
    const coefs = p.coefficients;
    if (!coefs || coefs.length === 0 || Array.isArray(coefs[0])) continue;
    for (const c of coefs as { feature: string; value: number }[]) {
      const path = paths.get(c.feature) ?? [];
      path.push({ x: p.lambda, y: c.value });
      paths.set(c.feature, path);
    }
  }
  return paths;
}

/** The run a sweep would train at λ: its base spec with the penalty split as the sweep split it. */
export function runSpecAt(spec: SweepSpecInput, lambda: number): RunSpecInput {
  const ratio = spec.l1Ratio ?? 0.5;
  const regularizer: RunSpecInput['regularizer'] =
    spec.reg === 'l1' ? { kind: 'l1', l1: lambda } : spec.reg === 'l2' ? { kind: 'l2', l2: lambda } : { kind: 'l1l2', l1: ratio * lambda, l2: (1 - ratio) * lambda };
  return { ...spec.base, regularizer };
}

export interface SweepDecision {
  /** λ with the best score (lowest CV or validation error). */
  lambdaMin: number | null;
  /** The largest λ whose CV score is within one standard error of the best (glmnet's lambda.1se). */
  lambda1se: number | null;
  /** Set when λmin is the first or last λ of the grid: the best may lie beyond it. */
  edge: 'largest' | 'smallest' | null;
  scoreAtMin: { mean: number; se?: number } | null;
  scoreAt1se: { mean: number; se?: number } | null;
}

/** Reads the decision from the record when the engine gave it, else from the points. */
export function sweepDecision(points: SweepPoint[], record?: Pick<SweepRecord, 'lambdaMin' | 'lambda1se' | 'edge' | 'cvAtMin' | 'cvAt1se'>): SweepDecision {
  const scored = points.map((p) => ({ p, s: pathScore(p) })).filter((x): x is { p: SweepPoint; s: number } => x.s !== null);
  if (scored.length === 0) return { lambdaMin: null, lambda1se: null, edge: null, scoreAtMin: null, scoreAt1se: null };
  let best = scored[0]!;
  for (const x of scored) if (x.s < best.s) best = x;
  const lambdaMin = record?.lambdaMin ?? best.p.lambda;
  const atMin = scored.find((x) => x.p.lambda === lambdaMin) ?? best;
  let lambda1se = record?.lambda1se ?? null;
  if (lambda1se === null && atMin.p.cv) {
    const limit = atMin.p.cv.mean + atMin.p.cv.se;
    for (const x of scored) if (x.p.cv && x.s <= limit && x.p.lambda >= (lambda1se ?? -Infinity)) lambda1se = x.p.lambda;
  }
  const at1se = lambda1se === null ? undefined : scored.find((x) => x.p.lambda === lambda1se);
  const lambdas = scored.map((x) => x.p.lambda);
  const computedEdge = scored.length >= 3 ? (lambdaMin === Math.max(...lambdas) ? 'largest' : lambdaMin === Math.min(...lambdas) ? 'smallest' : null) : null;
  const score = (p: SweepPoint | undefined, given?: { mean: number; se: number }) =>
    given ?? (p ? (p.cv ? { mean: p.cv.mean, se: p.cv.se } : { mean: pathScore(p) ?? Number.NaN }) : null);
  return {
    lambdaMin,
    lambda1se,
    edge: record?.edge ?? computedEdge,
    scoreAtMin: score(atMin.p, record?.cvAtMin),
    scoreAt1se: lambda1se === null ? null : score(at1se?.p, record?.cvAt1se),
  };
}

/** Per-class coefficient paths of a multiclass sweep: class → feature → points. */
export function classCoefficientPaths(points: SweepPoint[]): Map<string, Map<string, { x: number; y: number }[]>> {
  const out = new Map<string, Map<string, { x: number; y: number }[]>>();
  for (const p of [...points].sort((a, b) => a.lambda - b.lambda)) {
    for (const cls of p.coefficientsByClass ?? []) {
      const paths = out.get(cls.class) ?? new Map<string, { x: number; y: number }[]>();
      for (const c of cls.coefficients) {
        const path = paths.get(c.feature) ?? [];
        path.push({ x: p.lambda, y: c.value });
        paths.set(c.feature, path);
      }
      out.set(cls.class, paths);
    }
  }
  return out;
}
