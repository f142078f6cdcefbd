// Preprocessing on a real file with missing cells: what is dropped, imputed, encoded and scaled.
import { describe, expect, it } from 'vitest';
import { RunSpec, type RunSpecInput } from '../../../shared/domain';
import { importTable } from '../../../electron/engine/data/importTable';
import { isNumericColumn, type Table } from '../../../electron/engine/data/table';
import { prepareData } from '../../../electron/engine/prep/prepare';
import type { Split } from '../../../electron/engine/train/types';
import { engineFixture } from '../helpers';

const table = async (): Promise<Table> => (await importTable(engineFixture('missing.csv'))).table;
const spec = (over: Partial<RunSpecInput> = {}) => RunSpec.parse({ datasetId: 'd', target: 'klass', features: ['u', 'v', 'shop'], epochs: 1, ...over });

function column(split: Split, width: number, j: number): number[] {
  return Array.from({ length: split.rows }, (_, r) => split.x[r * width + j]!);
}
const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
const std = (v: number[]) => Math.sqrt(mean(v.map((x) => (x - mean(v)) ** 2)));

describe('prepareData', () => {
  it('drops rows with missing features by default and counts them', async () => {
    const t = await table();
    const u = t.columns.find((c) => c.name === 'u')!;
    const shop = t.columns.find((c) => c.name === 'shop')!;
    let complete = 0;
    for (let r = 0; r < t.rowCount; r++) if (isNumericColumn(u) && !Number.isNaN(u.values[r]!) && !isNumericColumn(shop) && shop.values[r] != null) complete++;
    const { manifest } = prepareData(t, spec(), 'multiclass');
    expect(manifest.rows.used).toBe(complete);
    expect(manifest.rows.dropped).toBe(t.rowCount - complete);
    expect(manifest.rows.train + manifest.rows.validation + manifest.rows.test).toBe(complete);
  });

  it('fits standardization on the training rows only', async () => {
    const { data } = prepareData(await table(), spec(), 'multiclass');
    const width = data.featureNames.length;
    for (const j of [0, 1]) {
      expect(mean(column(data.train, width, j))).toBeCloseTo(0, 5);
      expect(std(column(data.train, width, j))).toBeCloseTo(1, 4);
    }
    // Validation rows are scaled with the training statistics, so they are not exactly centred.
    expect(Math.abs(mean(column(data.validation, width, 0)))).toBeGreaterThan(1e-4);
  });

  it('imputes with the training mean and keeps every row', async () => {
    const t = await table();
    const { manifest, data } = prepareData(t, spec({ preprocessing: { missing: 'mean' } }), 'multiclass');
    expect(manifest.rows.used).toBe(t.rowCount);
    const u = manifest.columns.find((c) => c.name === 'shop');
    expect(u?.fill).toBe('A'); // most frequent category stands in for "mean" on a category column
    const numeric = manifest.columns.find((c) => c.name === 'u')!;
    expect(typeof numeric.fill).toBe('number');
    expect(numeric.fill).toBeGreaterThan(40);
    expect(numeric.fill).toBeLessThan(60);
    expect(data.train.x.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('one-hot encodes the most frequent categories and pools the rest as "other"', async () => {
    const { data, manifest } = prepareData(await table(), spec({ preprocessing: { maxCategories: 2 } }), 'multiclass');
    expect(data.featureNames).toEqual(['u', 'v', 'shop=A', 'shop=B', 'shop=other']);
    expect(manifest.columns.find((c) => c.name === 'shop')).toMatchObject({ categories: ['A', 'B'], hasOther: true });
  });

  it('stratifies classification splits and repeats them for the same seed', async () => {
    const t = await table();
    const a = prepareData(t, spec({ valSplit: 0.25 }), 'multiclass');
    const b = prepareData(t, spec({ valSplit: 0.25 }), 'multiclass');
    const c = prepareData(t, spec({ valSplit: 0.25, seed: 7 }), 'multiclass');
    expect(a.data.classes).toEqual(['high', 'low', 'mid']);
    expect(Array.from(a.data.validation.y)).toEqual(Array.from(b.data.validation.y));
    expect(Array.from(a.data.validation.x)).not.toEqual(Array.from(c.data.validation.x));
    const share = (s: Split, k: number) => s.y.filter((y) => y === k).length / s.rows;
    for (const k of [0, 1, 2]) expect(Math.abs(share(a.data.train, k) - share(a.data.validation, k))).toBeLessThan(0.05);
  });

  it('ticks between phases and once per feature and per input of each split, so a worker can say it is alive', async () => {
    // A worker's timer heartbeats cannot fire while a million rows are prepared; the tick is how it
    // keeps talking. Counted in units of work, not time: each feature fitted and each model input
    // encoded for each split is one tick, so no stretch of work goes without one.
    const phases: string[] = [];
    const { data, manifest } = prepareData(await table(), spec({ testSplit: 0.2 }), 'multiclass', 'missing.csv', Infinity, () => phases.push('tick'));
    const splits = data.test ? 3 : 2;
    expect(data.test).toBeDefined();
    expect(phases.length).toBe(3 + manifest.columns.length + splits * manifest.inputs.length);
  });

  it('names the column when a feature is constant on the training rows', async () => {
    const t = await table();
    const constant: Table = { rowCount: t.rowCount, columns: [...t.columns, { name: 'k', type: 'number', values: new Float64Array(t.rowCount).fill(3) }] };
    expect(() => prepareData(constant, spec({ features: ['u', 'k'] }), 'multiclass')).toThrow(/Feature "k" is constant/);
  });
});

describe('memory budget', () => {
  it('refuses a dataset whose model inputs would not fit, before building any matrix', async () => {
    const t = await table();
    expect(() => prepareData(t, spec(), 'multiclass', 'missing.csv', 1000)).toThrow(/Training on missing\.csv would need about .* rows × 7 model inputs/);
  });

  it('names the first non-finite feature value in row order (the first feature within that row), skipping rows with no target', () => {
    const n = 8;
    const num = (name: string, set: Record<number, number>) => {
      const values = Float64Array.from({ length: n }, (_, r) => r + 1);
      for (const [r, v] of Object.entries(set)) values[Number(r)] = v;
      return { name, type: 'number' as const, values };
    };
    const made: Table = {
      rowCount: n,
      columns: [
        num('y', { 1: NaN }),
        // Row 1 has no target, so its infinity is never read; b's comes first in row order (row 4,
        // data row 5) although a is the earlier feature; in row 6 both are infinite.
        num('a', { 1: Infinity, 6: -Infinity }),
        num('b', { 4: Infinity, 6: Infinity }),
        { name: 'c', type: 'category' as const, values: Array.from({ length: n }, () => 'k') },
      ],
    };
    const run = (features: string[]) => () => prepareData(made, RunSpec.parse({ datasetId: 'd', target: 'y', features, epochs: 1 }), 'regression', 'made.csv');
    expect(run(['a', 'b', 'c'])).toThrow(/Feature "b" has a non-finite value \(Infinity\) in data row 5 of made\.csv/);
    expect(run(['c', 'a'])).toThrow(/Feature "a" has a non-finite value \(-Infinity\) in data row 7 of made\.csv/);
    made.columns[2] = num('b', { 6: Infinity });
    expect(run(['b', 'a'])).toThrow(/Feature "b" has a non-finite value \(Infinity\) in data row 7/);
    expect(run(['a', 'b'])).toThrow(/Feature "a" has a non-finite value \(-Infinity\) in data row 7/);
  });
});
