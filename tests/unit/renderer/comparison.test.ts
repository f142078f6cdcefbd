import { describe, expect, it } from 'vitest';
import { coefficientRows, comparisonRows } from '../../../renderer/src/model/comparison';
import { runRecord } from './fakeLab';

const l1 = runRecord({
  id: 'l1',
  name: 'L1',
  metrics: { train: { mse: 0.2, r2: 0.9 }, validation: { mse: 0.3, r2: 0.85 } },
  loss: { data: 0.2, penalty: 0.05, total: 0.25 },
  sparsity: { weights: 3, zeros: 1 },
  coefficients: [
    { feature: 'a', value: 2.9 },
    { feature: 'c', value: 0 },
  ],
});
const l2 = runRecord({
  id: 'l2',
  name: 'L2',
  spec: { ...l1.spec, regularizer: { kind: 'l2', l2: 0.1 } },
  metrics: { train: { mse: 0.1, r2: 0.95 }, validation: { mse: 0.35, r2: 0.8 } },
  loss: { data: 0.1, penalty: 0.2, total: 0.3 },
  sparsity: { weights: 3, zeros: 0 },
  coefficients: [
    { feature: 'a', value: 2.7 },
    { feature: 'c', value: 0.01 },
    { feature: 'b', value: -1.9 },
  ],
});

describe('comparing runs', () => {
  it('marks the best value per score: lowest error, highest R²', () => {
    const rows = comparisonRows([l1, l2]);
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(row('validation-mse').cells.map((c) => c.best)).toEqual([true, false]);
    expect(row('validation-r2').cells.map((c) => c.best)).toEqual([true, false]);
    expect(row('train-r2').cells.map((c) => c.best)).toEqual([false, true]);
    expect(row('loss-total').cells.map((c) => c.best)).toEqual([true, false]);
    // Settings and the penalty term are facts, not scores.
    expect(row('loss-penalty').cells.some((c) => c.best)).toBe(false);
    expect(row('penalty').cells.map((c) => c.text)).toEqual(['L1 λ=0.1', 'L2 λ=0.1']);
    expect(row('sparsity').cells.map((c) => c.text)).toEqual(['1 / 3 (33.3%)', '0 / 3 (0%)']);
  });

  it('marks nothing when the values tie or only one run has the metric', () => {
    const rows = comparisonRows([l1, { ...l2, metrics: { train: { mse: 0.2 }, validation: {} } }]);
    expect(rows.find((r) => r.key === 'train-mse')!.cells.some((c) => c.best)).toBe(false);
    expect(rows.find((r) => r.key === 'validation-mse')!.cells.some((c) => c.best)).toBe(false);
  });

  it('aligns coefficients by feature, largest first, with exact zeros marked', () => {
    const rows = coefficientRows([l1, l2]);
    expect(rows.map((r) => r.feature)).toEqual(['a', 'b', 'c']);
    expect(rows[1]!.cells[0]).toBeNull();
    expect(rows[2]!.cells.map((c) => c?.zero)).toEqual([true, false]);
  });
});
