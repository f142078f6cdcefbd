// The fast float64 kernels behind the linear solver and the λ path agree with the plain
// row-at-a-time formulas they replace: the blocked Gram matrix to rounding, the logits exactly.
import { describe, expect, it } from 'vitest';
import { centeredCrossProducts } from '../../../electron/engine/train/gram';
import { linearLogits, linearRegressionMetrics } from '../../../electron/engine/train/linearSolver';
import { regressionMetrics } from '../../../electron/engine/train/metrics';
import { seededRandom } from '../../../electron/engine/random';

function data(n: number, p: number, seed: number): { x: Float32Array; y: Float32Array } {
  const random = seededRandom(seed);
  // Columns far from zero, as unstandardized data can be: centering must keep the digits.
  const x = Float32Array.from({ length: n * p }, (_, i) => 1000 * ((i % p) + 1) + random() - 0.5);
  const y = Float32Array.from({ length: n }, (_, r) => (x[r * p] as number) * 0.01 + random());
  return { x, y };
}

function naive(x: Float32Array, y: Float32Array, n: number, p: number): { gram: number[]; xty: number[]; yy: number } {
  const xMean = Array.from({ length: p }, (_, j) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += x[r * p + j] as number;
    return s / n;
  });
  let yMean = 0;
  for (let r = 0; r < n; r++) yMean += y[r] as number;
  yMean /= n;
  const gram = new Array<number>(p * p).fill(0);
  const xty = new Array<number>(p).fill(0);
  let yy = 0;
  for (let r = 0; r < n; r++) {
    const yc = (y[r] as number) - yMean;
    yy += yc * yc;
    for (let j = 0; j < p; j++) {
      const a = (x[r * p + j] as number) - (xMean[j] as number);
      xty[j] = (xty[j] as number) + a * yc;
      for (let k = 0; k < p; k++) gram[j * p + k] = (gram[j * p + k] as number) + a * ((x[r * p + k] as number) - (xMean[k] as number));
    }
  }
  return { gram: gram.map((v) => v / n), xty: xty.map((v) => v / n), yy: yy / n };
}

describe('linear kernels', () => {
  // p around the four-wide unrolling and n around the 128-row block, including a partial block.
  it.each([
    [1, 1],
    [50, 3],
    [128, 4],
    [300, 7],
    [1000, 20],
  ])('centered Gram of %i×%i matches the row-at-a-time sums', (n, p) => {
    const { x, y } = data(n, p, n + p);
    const fast = centeredCrossProducts(x, y, n, p);
    const ref = naive(x, y, n, p);
    const scale = Math.max(...ref.gram.map(Math.abs), 1e-300);
    fast.gram.forEach((v, i) => expect(Math.abs(v - (ref.gram[i] as number))).toBeLessThan(1e-12 * scale));
    fast.xty.forEach((v, j) => expect(Math.abs(v - (ref.xty[j] as number))).toBeLessThan(1e-12 * Math.max(scale, ref.yy)));
    expect(Math.abs(fast.yy - ref.yy)).toBeLessThanOrEqual(1e-12 * ref.yy);
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) expect(fast.gram[j * p + k]).toBe(fast.gram[k * p + j]);
  });

  it('logits from the nonzero coefficients only are bit-identical to the full sum', () => {
    const n = 257;
    const p = 9;
    const { x } = data(n, p, 3);
    const kernel = Float64Array.from([0, 1.5, 0, -0.25, 0, 0, 3e-9, 0, -2]);
    const bias = Float64Array.of(0.75);
    const fast = linearLogits(x, n, kernel, bias);
    for (let r = 0; r < n; r++) {
      let z = bias[0] as number;
      for (let j = 0; j < p; j++) z += (x[r * p + j] as number) * (kernel[j] as number);
      expect(fast[r]).toBe(z);
    }
    expect(Array.from(linearLogits(x, n, new Float64Array(p), bias))).toEqual(new Array(n).fill(0.75));
  });

  it('regression metrics in one pass are the metrics of the logits, to the bit', () => {
    const n = 301;
    const p = 6;
    const { x, y } = data(n, p, 9);
    const kernel = Float64Array.from([0, 0.01, -0.003, 0, 0, 0.5]);
    const bias = Float64Array.of(-12.5);
    const split = { x, y, rows: n };
    expect(linearRegressionMetrics(split, kernel, bias)).toEqual(regressionMetrics(linearLogits(x, n, kernel, bias), y, n));
    expect(linearRegressionMetrics({ x: new Float32Array(0), y: new Float32Array(0), rows: 0 }, kernel, bias)).toEqual({});
  });
});
