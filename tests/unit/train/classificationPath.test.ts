// L1 logistic and multinomial paths (proximal Newton + coordinate descent, warm-started, strong
// rules) reach scikit-learn's optimum at every λ with the same exact zeros. References: saga at
// C = 1/(n·λ1), from tests/fixtures/make_sklearn_fixtures.py (breast cancer 569×30; 3 classes).
import { describe, expect, it } from 'vitest';
import { runSweep } from '../../../electron/engine/train/sweep';
import type { Task } from '../../../shared/domain';
import { loadFixture, preparedFrom, specFor } from './fixtures';
import { wasmTf } from './tfBackend';

interface ClassificationPath {
  task: Task;
  rows: number;
  classes: string[];
  featureNames: string[];
  x: number[];
  y: number[];
  points: { lambda1: number; objective: number; zeroIndices: number[] }[];
}

const quiet = { onPoint: (): void => {}, shouldStop: (): boolean => false };

describe('classification paths match scikit-learn', () => {
  it.each(['logistic_path_breast_cancer', 'multinomial_path'])('%s: every point within 1e-9 of the optimum, same zeros', async (name) => {
    const tf = await wasmTf();
    const f = loadFixture<ClassificationPath>(name);
    const result = await runSweep(tf, specFor(f.featureNames), preparedFrom(f), { reg: 'l1', lambdas: f.points.map((p) => p.lambda1) }, quiet);
    expect(result.solver).toBe('newton-cd');
    expect(result.points).toHaveLength(f.points.length);
    result.points.forEach((point, i) => {
      const ref = f.points[i]!;
      expect(point.lambda1).toBe(ref.lambda1);
      expect((point.loss.total - ref.objective) / ref.objective).toBeLessThan(1e-9);
      const zeros = [(point.coefficients as number[] | number[][])].flat(2).flatMap((c, j) => (c === 0 ? [j] : []));
      expect(zeros).toEqual(ref.zeroIndices);
    });
  });
});
