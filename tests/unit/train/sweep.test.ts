// The λ path: warm-started FISTA along scikit-learn's lasso path (same objective, same zeros),
// and glmnet's cross-validation rule for λmin / λ1se.
import { describe, expect, it } from 'vitest';
import { logGrid, runSweep, type SweepPoint } from '../../../electron/engine/train/sweep';
import { loadFixture, preparedFrom, specFor, type LassoPathFixture } from './fixtures';
import { wasmTf } from './tfBackend';

const quiet = { onPoint: (): void => {}, shouldStop: (): boolean => false };

describe('runSweep', () => {
  it('follows scikit-learn lasso_path point by point', async () => {
    const tf = await wasmTf();
    const f = loadFixture<LassoPathFixture>('lasso_path');
    const seen: SweepPoint[] = [];
    const result = await runSweep(tf, specFor(f.featureNames), preparedFrom(f), { reg: 'l1', lambdas: f.points.map((p) => p.lambda1).reverse() }, {
      onPoint: (p) => seen.push(p),
      shouldStop: () => false,
    });
    expect(['cd', 'newton-cd']).toContain(result.solver);
    expect(seen).toHaveLength(f.points.length);
    // Largest λ first, whatever order the grid was given in.
    expect(result.points.map((p) => p.lambda1)).toEqual(f.points.map((p) => p.lambda1));
    result.points.forEach((point, i) => {
      const ref = f.points[i]!;
      expect(Math.abs(point.loss.total - ref.objective) / ref.objective).toBeLessThan(1e-4);
      const zeros = (point.coefficients as number[]).flatMap((c, j) => (c === 0 ? [j] : []));
      expect(zeros).toEqual(ref.zeroIndices);
      expect(point.zeros).toBe(ref.zeroIndices.length);
    });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it('cross-validates and picks lambdaMin and the larger lambda1se', async () => {
    const tf = await wasmTf();
    const f = loadFixture<LassoPathFixture>('lasso_path');
    const lambdas = logGrid(f.lambdaMax, f.lambdaMax / 1000, 15);
    const options = { reg: 'l1' as const, lambdas, folds: 5 };
    const result = await runSweep(tf, specFor(f.featureNames), preparedFrom(f), options, quiet);
    expect(result.cvMetric).toBe('mse');
    const means = result.points.map((p) => p.cv!.mean);
    const best = result.points[means.indexOf(Math.min(...means))]!;
    expect(result.lambdaMin).toBe(best.lambda);
    expect(result.lambda1se).toBeGreaterThanOrEqual(result.lambdaMin!);
    const oneSe = result.points.find((p) => p.lambda === result.lambda1se)!;
    expect(oneSe.cv!.mean).toBeLessThanOrEqual(best.cv!.mean + best.cv!.se);
    // The same seed gives the same folds and the same choice.
    const again = await runSweep(tf, specFor(f.featureNames), preparedFrom(f), options, quiet);
    expect(again.lambda1se).toBe(result.lambda1se);
  });

  it('sweeps a dense network, one training run per λ', async () => {
    const tf = await wasmTf();
    const f = loadFixture<LassoPathFixture>('lasso_path');
    const spec = specFor(f.featureNames, { model: { kind: 'mlp', layers: [{ units: 8 }] }, epochs: 15, batchSize: 50, optimizer: { kind: 'adam', learningRate: 0.02 } });
    const before = tf.memory().numTensors;
    const result = await runSweep(tf, spec, preparedFrom(f), { reg: 'l1', lambdas: [0.05, 0] }, quiet);
    expect(result.solver).toBe('adam+prox-l1');
    expect(result.points[0]!.zeros).toBeGreaterThan(result.points[1]!.zeros);
    expect(result.points[0]!.coefficients).toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('logGrid spans the ends in log steps', () => {
    const g = logGrid(1, 1e-3, 4);
    expect(g[0]).toBe(1);
    [1e-1, 1e-2, 1e-3].forEach((v, i) => expect(g[i + 1]).toBeCloseTo(v, 12));
  });
});
