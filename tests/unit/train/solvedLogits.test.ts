// A λ path scores its training rows with the logits and loss of the solver's own last pass
// instead of a second pass over the rows: the numbers must be what scoring the rows again gives.
import { describe, expect, it } from 'vitest';
import { linearPath, splitMetrics } from '../../../electron/engine/train/linearPath';
import { linearLogits } from '../../../electron/engine/train/linearSolver';
import { loadFixture } from './fixtures';

interface PathFixture {
  rows: number;
  classes: string[];
  featureNames: string[];
  x: number[];
  y: number[];
  lambdaMax?: number;
  points: { lambda1: number }[];
}

describe("training-row metrics from the solver's last pass", () => {
  it.each([
    ['logistic_path_breast_cancer', 'bce'],
    ['multinomial_path', 'cce'],
  ] as const)('%s: equal to scoring the rows again, at every point', async (name, kind) => {
    const f = loadFixture<PathFixture>(name);
    const p = f.featureNames.length;
    const k = kind === 'bce' ? 1 : f.classes.length;
    const train = { x: Float32Array.from(f.x), y: Float32Array.from(f.y), rows: f.rows };
    const grid = f.points.map((pt) => ({ lambda1: pt.lambda1, lambda2: 0 }));
    let compared = 0;
    await linearPath(kind, p, k, { shouldStop: () => false })(train, grid, (_, fit) => {
      const fast = fit.metrics?.(train);
      expect(fast).toBeDefined();
      // Coefficients are listed per class (class-major); the kernel is feature-major, j·k + c.
      const perClass = k === 1 ? [fit.coefficients as number[]] : (fit.coefficients as number[][]);
      const kernel = Float64Array.from({ length: p * k }, (_, i) => perClass[i % k]![Math.floor(i / k)]!);
      const bias = Float64Array.from([fit.intercept as number | number[]].flat());
      const again = splitMetrics(kind, linearLogits(train.x, train.rows, kernel, bias), k, train, kind === 'bce' ? 2 : k);
      for (const [key, value] of Object.entries(again)) {
        if (typeof value === 'number') expect(fast![key as keyof typeof fast] as number).toBeCloseTo(value, 12);
      }
      expect(fast!.loss).toBeCloseTo(fit.loss.data, 15);
      compared++;
    });
    expect(compared).toBe(grid.length);
  });
});
