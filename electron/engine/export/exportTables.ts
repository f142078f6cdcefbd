// coefficients.csv and metrics.csv of an exported package, through the one formula-safe CSV
// writer (feature names and class labels come from the analyst's spreadsheet).
import type { RunRecord } from '../../../shared/domain';
import type { Cell } from './predict';
import { linearCoefficients, type ExportedModel } from './exportedModel';
import { toCsv } from './writeTable';

export function coefficientsCsv(m: ExportedModel): string {
  const coef = linearCoefficients(m);
  const header = ['output', 'feature', 'coefficient_standardized', 'coefficient_original', 'exact_zero', 'mean', 'std'];
  const rows: Cell[][] = [];
  coef.outputs.forEach((output, o) => {
    rows.push([output, '(intercept)', coef.intercept[o]!, coef.interceptOriginal[o]!, coef.intercept[o] === 0 ? 'yes' : 'no', null, null]);
    m.inputNames.forEach((name, j) => {
      const w = coef.standardized[j]![o]!;
      rows.push([output, name, w, coef.original[j]![o]!, w === 0 ? 'yes' : 'no', m.mean[j]!, m.std[j]!]);
    });
  });
  return toCsv(header, rows);
}

export function metricsCsv(run: RunRecord): string {
  const rows: Cell[][] = [];
  const splits = run.metrics ? (Object.entries(run.metrics) as [string, Record<string, number | null> | undefined][]) : [];
  for (const [split, metrics] of splits) {
    for (const [name, value] of Object.entries(metrics ?? {})) rows.push([split, name, value]);
  }
  if (run.loss) for (const [name, value] of Object.entries(run.loss)) rows.push(['train', `objective_${name}`, value]);
  return toCsv(['split', 'metric', 'value'], rows);
}
