// Per-column statistics shown when a dataset is imported: missing and distinct counts, the range,
// mean and standard deviation of numbers, and the most frequent categories.
import type { ColumnInfo } from '../../../shared/domain';

const TOP_CATEGORIES = 10;

export type NumericStats = Pick<ColumnInfo, 'missing' | 'unique' | 'min' | 'max' | 'mean' | 'std'>;

/**
 * Stats of a numeric column (NaN = missing). std is the sample standard deviation (n − 1, as
 * pandas reports it); mean and std use Welford's update so a column of large, close values
 * (timestamps, IDs) does not lose its digits to cancellation.
 */
export function numericStats(values: Float64Array): NumericStats {
  let missing = 0;
  let count = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    count++;
    const delta = v - mean;
    mean += delta / count;
    m2 += delta * (v - mean);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (count === 0) return { missing, unique: 0 };
  const stats: NumericStats = { missing, unique: countDistinct(values, count), min, max, mean };
  if (count > 1) stats.std = Math.sqrt(m2 / (count - 1));
  return stats;
}

/** Distinct non-missing values: sort a copy (8 bytes a cell) rather than build a Set of boxes. */
function countDistinct(values: Float64Array, present: number): number {
  const sorted = new Float64Array(present);
  let k = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) sorted[k++] = values[i]!;
  sorted.sort();
  let unique = present > 0 ? 1 : 0;
  for (let i = 1; i < present; i++) if (sorted[i] !== sorted[i - 1]) unique++;
  return unique;
}

export interface TextStats {
  missing: number;
  unique: number;
  counts: Map<string, number>;
}

export function textStats(values: readonly (string | null)[]): TextStats {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of values) {
    if (v === null) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return { missing, unique: counts.size, counts };
}

/** The most frequent values, most frequent first; ties in order of first appearance. */
export function topCategories(counts: Map<string, number>): { value: string; count: number }[] {
  return [...counts.entries()]
    .map(([value, count], order) => ({ value, count, order }))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, TOP_CATEGORIES)
    .map(({ value, count }) => ({ value, count }));
}
