// Turns the solver's sweep points into what is stored and shown: coefficients with feature names,
// and the λ Regula suggests.
import type { SweepPoint as StoredPoint } from '../../../shared/domain';
import type { SweepPoint } from './sweep';

export function namedPoint(point: SweepPoint, names: string[], classes?: string[]): StoredPoint {
  const { coefficients, loss, ...fields } = point;
  // A diverged point's objective may be NaN or infinite; JSON (and the contract) say null.
  const finite = (v: number): number | null => (Number.isFinite(v) ? v : null);
  const rest = { ...fields, loss: { data: finite(loss.data), penalty: finite(loss.penalty), total: finite(loss.total) } };
  if (!coefficients) return rest;
  const name = (row: number[]) => names.map((feature, j) => ({ feature, value: row[j]! }));
  if (!Array.isArray(coefficients[0])) return { ...rest, coefficients: name(coefficients as number[]) };
  const rows = coefficients as number[][];
  const named = rows.map(name);
  // Multiclass: the same numbers again, labelled with their class (one row per class, in order).
  const byClass =
    classes && classes.length === rows.length
      ? classes.map((label, c) => ({
          class: label,
          coefficients: named[c]!.map((entry) => ({ ...entry, class: label })),
          ...(Array.isArray(point.intercept) ? { intercept: point.intercept[c]! } : {}),
        }))
      : undefined;
  return { ...rest, coefficients: named, ...(byClass ? { coefficientsByClass: byClass } : {}) };
}

export interface SweepDecision {
  cvAtMin?: { mean: number; se: number };
  cvAt1se?: { mean: number; se: number };
  edge?: 'largest' | 'smallest';
  warnings: string[];
}

/**
 * What a sweep tells the analyst beyond its points: the CV error ± standard error at λmin and λ1se,
 * and a warning when the best λ sits on the edge of the grid (the optimum may lie beyond it).
 */
export function sweepDecision(points: StoredPoint[], lambdaMin: number | undefined, lambda1se: number | undefined, chosen: { lambda: number; rule: string }): SweepDecision {
  const decision: SweepDecision = { warnings: [] };
  const diverged = points.filter((p) => p.diverged !== undefined);
  if (diverged.length > 0) {
    const which = diverged.map((p) => fmt(p.lambda)).join(', ');
    decision.warnings.push(
      `${diverged.length} of ${points.length} λ values diverged (λ = ${which}; the first: ${diverged[0]!.diverged}). They have no scores and are never chosen.`,
    );
  }
  // The grid's edges among the λ that gave a model: a diverged end is not where the best could lie beyond.
  points = points.filter((p) => p.diverged === undefined);
  const at = (lambda: number | undefined) => (lambda === undefined ? undefined : points.find((p) => p.lambda === lambda)?.cv);
  const cvAtMin = at(lambdaMin);
  const cvAt1se = at(lambda1se);
  if (cvAtMin) decision.cvAtMin = cvAtMin;
  if (cvAt1se) decision.cvAt1se = cvAt1se;
  const best = lambdaMin ?? (chosen.rule === 'best validation' ? chosen.lambda : undefined);
  if (best === undefined || points.length < 3) return decision;
  const lambdas = points.map((p) => p.lambda);
  const largest = Math.max(...lambdas);
  const smallest = Math.min(...lambdas);
  const what = lambdaMin !== undefined ? 'lowest cross-validated error' : 'best validation score';
  if (best === largest) {
    decision.edge = 'largest';
    decision.warnings.push(
      `The ${what} is at the largest λ of the grid (${fmt(best)}): a stronger penalty may be better still. Extend the grid to larger λ (if it already starts at λmax, no feature helps).`,
    );
  } else if (best === smallest) {
    decision.edge = 'smallest';
    decision.warnings.push(`The ${what} is at the smallest λ of the grid (${fmt(best)}): a weaker penalty may be better still. Extend the grid to smaller λ.`);
  }
  return decision;
}

function fmt(x: number): string {
  return x.toPrecision(3);
}

/** With cross-validation, glmnet's λ1se; otherwise the λ with the best validation score. */
export function chooseLambda(points: StoredPoint[], lambdaMin?: number, lambda1se?: number): { lambda: number; rule: string } {
  if (lambda1se !== undefined) return { lambda: lambda1se, rule: 'lambda1se' };
  if (lambdaMin !== undefined) return { lambda: lambdaMin, rule: 'lambdaMin' };
  const score = (p: StoredPoint) => p.metrics.validation.mse ?? p.metrics.validation.loss ?? Infinity;
  // A diverged λ is never the choice; when every λ diverged there is none.
  const usable = points.filter((p) => p.diverged === undefined);
  if (usable.length === 0) return { lambda: points[0]?.lambda ?? 0, rule: 'none' };
  let best = usable[0]!;
  for (const p of usable) if (score(p) < score(best)) best = p;
  return { lambda: best.lambda, rule: 'best validation' };
}
