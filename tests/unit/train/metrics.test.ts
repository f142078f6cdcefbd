// Regula's metric code against sklearn.metrics on the same predictions (the reference models'
// coefficients from the fixtures), so the numbers come from scikit-learn, not from us.
import { describe, expect, it } from 'vitest';
import { linearLogits } from '../../../electron/engine/train/linearSolver';
import { classificationMetrics, regressionMetrics, rocAuc } from '../../../electron/engine/train/metrics';
import { coefficientsInOriginalUnits } from '../../../electron/engine/train/weightStats';
import { loadFixture, type SklearnCase } from './fixtures';

type Reference = Record<string, number | number[][]>;

function referenceLogits(name: string): { logits: Float64Array; y: Float32Array; rows: number; k: number; metrics: Reference } {
  const f = loadFixture<SklearnCase & { metrics: Reference }>(name);
  const perClass = (Array.isArray(f.coefficients[0]) ? f.coefficients : [f.coefficients]) as number[][];
  const k = perClass.length;
  const p = f.featureNames.length;
  const kernel = new Float64Array(p * k);
  perClass.forEach((row, c) => row.forEach((w, j) => (kernel[j * k + c] = w)));
  const bias = Float64Array.from([f.intercept].flat());
  return { logits: linearLogits(Float32Array.from(f.x), f.rows, kernel, bias), y: Float32Array.from(f.y), rows: f.rows, k, metrics: f.metrics };
}

describe('split metrics match sklearn.metrics', () => {
  it('regression: mse, rmse, mae, r2', () => {
    const { logits, y, rows, metrics } = referenceLogits('regression_l1');
    const ours = regressionMetrics(logits, y, rows);
    for (const key of ['mse', 'rmse', 'mae', 'r2']) expect(ours[key]).toBeCloseTo(metrics[key] as number, 9);
  });

  it.each([
    ['logistic_l1', 2, 'bce'],
    ['multiclass_l1', 3, 'cce'],
  ] as const)('%s: loss, accuracy, precision, recall, f1, auc, confusion', (name, classes, kind) => {
    const { logits, y, rows, k, metrics } = referenceLogits(name);
    const ours = classificationMetrics(kind, logits, k, y, rows, classes);
    for (const key of ['loss', 'accuracy', 'precision', 'recall', 'f1', ...(classes === 2 ? ['auc'] : [])]) {
      expect(ours.metrics[key]).toBeCloseTo(metrics[key] as number, 9);
    }
    expect(ours.confusion).toEqual(metrics.confusion);
  });

  // 600 rows: sorted by comparison; 9,000: by radix (sortFloat64), with ties across the sign.
  it.each([600, 9000])('auc with many tied scores equals the pair count done one pair at a time (%i rows)', (rows) => {
    // Scores on a coarse grid, so most pairs tie; the reference is the definition itself:
    // P(score of a positive > score of a negative) + ½·P(equal), over every pair.
    let seed = 7;
    const rand = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const score = Float64Array.from({ length: rows }, (_, i) => (i % 3 === 0 ? rand() * 6 - 3 : Math.round(rand() * 12) / 4 - 1));
    const y = Float32Array.from(score, (s) => (rand() < 1 / (1 + Math.exp(-2 * s)) ? 1 : 0));
    let pairs = 0;
    let total = 0;
    for (let a = 0; a < rows; a++) {
      if (y[a] !== 1) continue;
      for (let b = 0; b < rows; b++) {
        if (y[b] === 1) continue;
        total++;
        pairs += score[a]! > score[b]! ? 1 : score[a] === score[b] ? 0.5 : 0;
      }
    }
    expect(rocAuc(score, y, rows)).toBe(pairs / total);
    expect(rocAuc(score, new Float32Array(rows), rows)).toBeNull();
  });

  it('coefficients in original units predict the same as standardized ones', () => {
    const means = [10, -3, 0.5];
    const stds = [2, 0.25, 4];
    const coefStd = [1.5, 0, -0.8];
    const { coefOriginal, interceptOriginal } = coefficientsInOriginalUnits(coefStd, 7, means, stds);
    const raw = [13, -2.5, 1.7];
    const viaStd = 7 + coefStd.reduce((s, c, j) => s + c * ((raw[j]! - means[j]!) / stds[j]!), 0);
    const viaOriginal = interceptOriginal + coefOriginal.reduce((s, c, j) => s + c * raw[j]!, 0);
    expect(viaOriginal).toBeCloseTo(viaStd, 12);
    expect(coefOriginal[1]).toBe(0);
  });
});
