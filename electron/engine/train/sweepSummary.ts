// Turns the solver's sweep points into what is stored and shown: coefficients with feature names,
// and the λ Regula suggests.
import type { SweepPoint as StoredPoint } from '../../../shared/domain';
import type { SweepPoint } from './sweep';

export function namedPoint(point: SweepPoint, names: string[]): StoredPoint {
  const { coefficients, ...rest } = point;
  if (!coefficients) return rest;
  const name = (row: number[]) => names.map((feature, j) => ({ feature, value: row[j]! }));
  return { ...rest, coefficients: Array.isArray(coefficients[0]) ? (coefficients as number[][]).map(name) : name(coefficients as number[]) };
}

/** With cross-validation, glmnet's λ1se; otherwise the λ with the best validation score. */
export function chooseLambda(points: StoredPoint[], lambdaMin?: number, lambda1se?: number): { lambda: number; rule: string } {
  if (lambda1se !== undefined) return { lambda: lambda1se, rule: 'lambda1se' };
  if (lambdaMin !== undefined) return { lambda: lambdaMin, rule: 'lambdaMin' };
  const score = (p: StoredPoint) => p.metrics.validation.mse ?? p.metrics.validation.loss ?? Infinity;
  let best = points[0]!;
  for (const p of points) if (score(p) < score(best)) best = p;
  return { lambda: best.lambda, rule: 'best validation' };
}
