// The numbers behind each chart and coefficient table as a table an analyst can take away (CSV
// download, or tab-separated text for the clipboard). Full values, not the rounded labels on
// screen, and every epoch rather than the thinned points a chart draws; one column per series.
import type { CsvCell } from '../../../shared/csvText';
import type { ClassCoefficients, EpochMetrics, RunRecord, SweepPoint } from '../../../shared/domain';
import { coefficientRows } from './comparison';
import { pathScore } from './sweep';

export interface DataTable {
  header: string[];
  rows: CsvCell[][];
}

const finiteOrNull = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

/** A run's coefficients, largest first as on screen; original units when the engine gave them. */
export function coefficientTable(coefficients: NonNullable<RunRecord['coefficients']>, intercept?: { standardized?: number; original?: number }): DataTable {
  const hasOriginal = coefficients.every((c) => c.valueOriginal !== undefined);
  const header = ['feature', 'coefficient_standardized', ...(hasOriginal ? ['coefficient_original_units'] : []), 'dropped_by_penalty'];
  const rows: CsvCell[][] = [...coefficients]
    .sort((a, b) => Math.abs(b.value) - Math.abs(a.value))
    .map((c) => [c.feature, c.value, ...(hasOriginal ? [c.valueOriginal ?? null] : []), c.value === 0 ? 'yes' : 'no']);
  if (intercept?.standardized !== undefined) rows.push(['(intercept)', intercept.standardized, ...(hasOriginal ? [intercept.original ?? null] : []), '']);
  return { header, rows };
}

/** A multiclass model's weights: a row per feature, a column per class, then the intercepts. */
export function classCoefficientTable(classes: ClassCoefficients[], features: string[]): DataTable {
  const rows: CsvCell[][] = features.map((f) => [f, ...classes.map((cls) => cls.coefficients.find((c) => c.feature === f)?.value ?? null)]);
  if (classes.some((c) => c.intercept !== undefined)) rows.push(['(intercept)', ...classes.map((c) => c.intercept ?? null)]);
  return { header: ['feature', ...classes.map((c) => c.class)], rows };
}

/** Linear runs' coefficients side by side (empty cell: the run has no such feature). */
export function compareCoefficientTable(runs: RunRecord[]): DataTable {
  return { header: ['feature', ...runs.map((r) => r.name)], rows: coefficientRows(runs).map((row) => [row.feature, ...row.cells.map((c) => (c ? c.value : null))]) };
}

/** Every epoch (or iteration) of one run: the totals, and the parts when the engine split them. */
export function lossTable(curve: EpochMetrics[], unit: 'epoch' | 'iteration' = 'epoch'): DataTable {
  const hasParts = curve.some((e) => e.lossParts);
  const header = [unit, 'training_loss_total', 'validation_loss_total', ...(hasParts ? ['training_data_loss', 'validation_data_loss', 'penalty'] : [])];
  const rows = curve.map((e) => [
    e.epoch,
    finiteOrNull(e.loss),
    finiteOrNull(e.valLoss),
    ...(hasParts ? [finiteOrNull(e.lossParts?.data), finiteOrNull(e.valLossParts?.data), finiteOrNull(e.lossParts?.penalty)] : []),
  ]);
  return { header, rows };
}

/** Several runs' curves in long form (runs differ in length): one row per run and epoch. */
export function compareLossTable(runs: RunRecord[], curveOf: (runId: string) => EpochMetrics[]): DataTable {
  const rows = runs.flatMap((run) => curveOf(run.id).map((e): CsvCell[] => [run.name, e.epoch, finiteOrNull(e.loss), finiteOrNull(e.valLoss)]));
  return { header: ['run', 'epoch_or_iteration', 'training_loss_total', 'validation_loss_total'], rows };
}

/**
 * A λ sweep: per λ (ascending) the score drawn, the cross-validation mean ± standard error, the
 * non-zero weights, and the coefficient path of each feature (of one class for a multiclass model).
 */
export function sweepTable(points: SweepPoint[], scoreLabel: string, paths: Map<string, { x: number; y: number }[]>): DataTable {
  const sorted = [...points].sort((a, b) => a.lambda - b.lambda);
  const features = [...paths.keys()];
  const at = features.map((f) => new Map((paths.get(f) ?? []).map((p) => [p.x, p.y])));
  const header = ['lambda', 'lambda1', 'lambda2', scoreLabel, 'cv_mean', 'cv_se', 'nonzero_weights', ...features.map((f) => `coef_${f}`)];
  const rows = sorted.map((p): CsvCell[] => [
    p.lambda,
    p.lambda1,
    p.lambda2,
    pathScore(p),
    p.cv?.mean ?? null,
    p.cv?.se ?? null,
    p.weights - p.zeros,
    ...at.map((m) => m.get(p.lambda) ?? null),
  ]);
  return { header, rows };
}
