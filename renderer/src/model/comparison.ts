// Runs side by side: one row per metric or setting with a cell per run, the best value of each
// comparable row marked, and linear coefficients aligned by feature. Pure, so it is unit-tested.
import type { RunRecord } from '../../../shared/domain';
import { fmt, fmtPercent } from '../format';
import { describeModel, describeRegularizer } from './runForm';

/** Distinct, colour-blind-aware line colours (Okabe–Ito, then Tableau) in selection order. */
export const RUN_COLOURS = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#7f7f7f', '#8c564b', '#bcbd22', '#17becf'];

export function runColour(index: number): string {
  return RUN_COLOURS[index % RUN_COLOURS.length] ?? '#333';
}

// Everything else the engine reports (mse, rmse, mae, loss) is an error: lower is better.
const HIGHER_IS_BETTER = new Set(['r2', 'accuracy', 'precision', 'recall', 'f1', 'auc']);

export function higherIsBetter(metric: string): boolean {
  return HIGHER_IS_BETTER.has(metric);
}

export interface ComparedCell {
  text: string;
  value: number | null;
  best: boolean;
}

export interface ComparisonRow {
  key: string;
  label: string;
  group: string;
  cells: ComparedCell[];
}

const finite = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Cells for one numeric row; `direction` null = not a score (no best). Ties are all best. */
function numericCells(values: (number | null | undefined)[], direction: 'high' | 'low' | null, text = (v: number | null) => fmt(v)): ComparedCell[] {
  const clean = values.map(finite);
  const present = clean.filter((v): v is number => v !== null);
  // A "best" among fewer than two values says nothing.
  const best = direction === null || present.length < 2 ? null : direction === 'high' ? Math.max(...present) : Math.min(...present);
  return clean.map((v) => ({ text: text(v), value: v, best: best !== null && v !== null && v === best && present.some((p) => p !== best) }));
}

function textCells(values: string[]): ComparedCell[] {
  return values.map((text) => ({ text, value: null, best: false }));
}

export function comparisonRows(runs: RunRecord[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [
    { key: 'model', label: 'Model', group: 'Setup', cells: textCells(runs.map((r) => describeModel(r.spec.model))) },
    { key: 'penalty', label: 'Penalty', group: 'Setup', cells: textCells(runs.map((r) => describeRegularizer(r.spec.regularizer))) },
    { key: 'epochs', label: 'Epochs / iterations', group: 'Setup', cells: textCells(runs.map((r) => String(r.epochsRun))) },
    {
      key: 'sparsity',
      label: 'Zero weights',
      group: 'Setup',
      cells: textCells(runs.map((r) => (r.sparsity ? `${r.sparsity.zeros} / ${r.sparsity.weights} (${fmtPercent(r.sparsity.zeros, r.sparsity.weights)})` : '—'))),
    },
    { key: 'loss-penalty', label: 'Penalty term', group: 'Final loss', cells: numericCells(runs.map((r) => r.loss?.penalty), null) },
    { key: 'loss-data', label: 'Data loss', group: 'Final loss', cells: numericCells(runs.map((r) => r.loss?.data), 'low') },
    { key: 'loss-total', label: 'Total loss', group: 'Final loss', cells: numericCells(runs.map((r) => r.loss?.total), 'low') },
  ];
  const splits = [
    ['validation', 'Validation'],
    ['train', 'Training'],
    ['test', 'Test'],
  ] as const;
  for (const [split, group] of splits) {
    const names: string[] = [];
    for (const r of runs) for (const name of Object.keys(r.metrics?.[split] ?? {})) if (!names.includes(name)) names.push(name);
    for (const name of names) {
      rows.push({
        key: `${split}-${name}`,
        label: name,
        group,
        cells: numericCells(runs.map((r) => r.metrics?.[split]?.[name]), higherIsBetter(name) ? 'high' : 'low'),
      });
    }
  }
  return rows;
}

export interface CoefficientCell {
  value: number;
  /** Exactly zero in the model: the penalty dropped the feature. */
  zero: boolean;
}

export interface CoefficientRow {
  feature: string;
  cells: (CoefficientCell | null)[];
}

/** Standardized coefficients aligned by feature (null where a run has none for it), largest first. */
export function coefficientRows(runs: RunRecord[]): CoefficientRow[] {
  const byFeature = new Map<string, (CoefficientCell | null)[]>();
  runs.forEach((r, k) => {
    for (const c of r.coefficients ?? []) {
      let cells = byFeature.get(c.feature);
      if (!cells) byFeature.set(c.feature, (cells = runs.map(() => null)));
      cells[k] = { value: c.value, zero: c.value === 0 };
    }
  });
  const size = (cells: (CoefficientCell | null)[]): number => Math.max(0, ...cells.map((c) => (c ? Math.abs(c.value) : 0)));
  return [...byFeature.entries()].map(([feature, cells]) => ({ feature, cells })).sort((a, b) => size(b.cells) - size(a.cells));
}
