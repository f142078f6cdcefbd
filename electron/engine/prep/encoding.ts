// Feature encoding, in two steps that training and prediction share: fit (on training rows only:
// fill values for missing cells, kept categories, means and standard deviations) and apply (any
// rows, including a new spreadsheet's, become the model's standardized inputs).
import type { MissingStrategy, Preprocessing } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { isNumericColumn, type Column } from '../data/table';
import type { ColumnEncoding, InputEncoding } from './manifest';
import { isMissing } from './target';

export function strategyFor(name: string, prep: Preprocessing): { missing: MissingStrategy; fillValue: number } {
  const own = prep.perFeature[name];
  return { missing: own?.missing ?? prep.missing, fillValue: own?.fillValue ?? prep.fillValue };
}

export function fitEncodings(features: Column[], prep: Preprocessing, trainRows: number[], file: string): { columns: ColumnEncoding[]; inputs: InputEncoding[] } {
  const columns: ColumnEncoding[] = [];
  const inputs: InputEncoding[] = [];
  for (const f of features) {
    const { missing, fillValue } = strategyFor(f.name, prep);
    if (isNumericColumn(f)) {
      const present = trainRows.map((r) => f.values[r]!).filter((v) => !Number.isNaN(v));
      if (present.length === 0) throw new RegulaError('empty-feature', `Feature "${f.name}" has no values in the training rows of ${file}.`, { file, column: f.name });
      const fill = numericFill(missing, fillValue, present);
      const column: ColumnEncoding = { name: f.name, kind: 'numeric', missing, ...(fill !== undefined ? { fill } : {}) };
      const values = trainRows.map((r) => rawNumber(f, r, column));
      const { mean, std } = meanStd(values);
      if (std === 0) {
        throw new RegulaError('constant-feature', `Feature "${f.name}" is constant on the training rows of ${file} (every value is ${mean}); leave it out.`, {
          file,
          column: f.name,
        });
      }
      columns.push(column);
      inputs.push({ name: f.name, source: f.name, kind: 'numeric', mean, std });
    } else {
      const counts = new Map<string, number>();
      for (const r of trainRows) {
        const v = f.values[r];
        if (v != null) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const byFrequency = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([v]) => v);
      const fill = missing === 'drop-rows' ? undefined : missing === 'constant' ? '(missing)' : byFrequency[0];
      const kept = byFrequency.slice(0, prep.maxCategories);
      if (fill !== undefined && !kept.includes(fill) && kept.length < prep.maxCategories && missing === 'constant') kept.push(fill);
      const hasOther = byFrequency.length > kept.length;
      const column: ColumnEncoding = { name: f.name, kind: 'category', missing, categories: kept, hasOther, ...(fill !== undefined ? { fill } : {}) };
      columns.push(column);
      const slots: { category?: string; other?: boolean }[] = [...kept.map((category) => ({ category })), ...(hasOther ? [{ other: true }] : [])];
      for (const slot of slots) {
        const values = trainRows.map((r) => (categorySlot(f, r, column) === (slot.category ?? OTHER) ? 1 : 0));
        const { mean, std } = meanStd(values);
        inputs.push({
          name: `${f.name}=${slot.category ?? 'other'}`,
          source: f.name,
          kind: 'onehot',
          ...(slot.category !== undefined ? { category: slot.category } : { other: true }),
          mean,
          // A category present in every (or no) training row carries no information; std 1 keeps it finite.
          std: std || 1,
        });
      }
    }
  }
  return { columns, inputs };
}

/** Rows that can be used: a present target and, for features whose rule is drop-rows, present values. */
export function usableRows(rowCount: number, target: Column, features: Column[], prep: Preprocessing, file: string): number[] {
  const dropping = features.filter((f) => strategyFor(f.name, prep).missing === 'drop-rows');
  const rows: number[] = [];
  for (let row = 0; row < rowCount; row++) {
    if (isMissing(target, row)) continue;
    for (const f of features) {
      if (isNumericColumn(f) && Math.abs(f.values[row]!) === Infinity) {
        throw new RegulaError('non-finite', `Feature "${f.name}" has a non-finite value (${f.values[row]}) in data row ${row + 1} of ${file}.`, {
          file,
          row: row + 1,
          column: f.name,
        });
      }
    }
    if (dropping.some((f) => isMissing(f, row))) continue;
    rows.push(row);
  }
  return rows;
}

/** The model's inputs for the given rows of a table: row-major float32, standardized. */
export function encodeRows(byName: Map<string, Column>, columns: ColumnEncoding[], inputs: InputEncoding[], rows: number[]): Float32Array {
  const width = inputs.length;
  const x = new Float32Array(rows.length * width);
  const encodings = new Map(columns.map((c) => [c.name, c]));
  rows.forEach((row, r) => {
    inputs.forEach((input, j) => {
      const source = byName.get(input.source)!;
      const column = encodings.get(input.source)!;
      const raw = input.kind === 'numeric' ? rawNumber(source, row, column) : categorySlot(source, row, column) === (input.category ?? OTHER) ? 1 : 0;
      x[r * width + j] = (raw - input.mean) / input.std;
    });
  });
  return x;
}

const OTHER = '\u0000other';

function rawNumber(c: Column, row: number, column: ColumnEncoding): number {
  const v = isNumericColumn(c) ? c.values[row]! : NaN;
  return Number.isNaN(v) && typeof column.fill === 'number' ? column.fill : v;
}

function categorySlot(c: Column, row: number, column: ColumnEncoding): string | undefined {
  const raw = isNumericColumn(c) ? undefined : (c.values[row] ?? undefined);
  const value = raw ?? (typeof column.fill === 'string' ? column.fill : undefined);
  if (value === undefined) return undefined;
  return column.categories?.includes(value) ? value : column.hasOther ? OTHER : undefined;
}

function numericFill(missing: MissingStrategy, fillValue: number, present: number[]): number | undefined {
  switch (missing) {
    case 'drop-rows':
      return undefined;
    case 'constant':
      return fillValue;
    case 'mean':
      return meanStd(present).mean;
    case 'median': {
      const sorted = [...present].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    }
    case 'most-frequent': {
      const counts = new Map<number, number>();
      for (const v of present) counts.set(v, (counts.get(v) ?? 0) + 1);
      return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
    }
  }
}

/** Population mean and standard deviation (ddof = 0, as scikit-learn's StandardScaler). */
export function meanStd(values: number[]): { mean: number; std: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length || 1;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / (values.length || 1)) };
}
