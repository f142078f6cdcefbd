// Regula's linear solver reaches scikit-learn's optimum of the same (Keras) objective, with the
// same exactly-zero coefficients. Expected numbers come from tests/fixtures/make_sklearn_fixtures.py.
import { describe, expect, it } from 'vitest';
import { trainModel } from '../../../electron/engine/train/trainModel';
import { loadFixture, preparedFrom, quietHooks, regularizerFor, specFor } from './fixtures';
import { wasmTf } from './tfBackend';

// regression_l1_p_gt_n_tiny: 120 inputs, 40 rows, λ1 = 1e-5·λmax — the zero set must still be the optimum's.
const CASES = ['regression_l1', 'regression_l2', 'regression_l1l2', 'logistic_l1', 'logistic_l1l2', 'multiclass_l1', 'regression_l1_p_gt_n_tiny'];

describe('linear models match scikit-learn', () => {
  it.each(CASES)('%s: objective within 1e-9 and the same exact zeros', async (name) => {
    const tf = await wasmTf();
    const f = loadFixture(name);
    const spec = specFor(f.featureNames, { model: { kind: 'linear' }, regularizer: regularizerFor(f.lambda1, f.lambda2) });
    const result = await trainModel(tf, spec, preparedFrom(f), quietHooks);
    try {
      expect(['cd', 'newton-cd']).toContain(result.solver);
      expect(result.stopReason).toBe('completed');
      // Within 1e-9 of the reference optimum (below it is fine: the reference stops on its own tolerance).
      expect((result.loss.total - f.objective) / f.objective).toBeLessThan(1e-9);
      const coefficients = (result.coefficients ?? []).flat();
      const zeros = coefficients.flatMap((c, i) => (c === 0 ? [i] : []));
      expect(zeros).toEqual(f.zeroIndices);
      expect(result.weights.zeros).toBe(f.zeroIndices.length);
      const expected = f.coefficients.flat();
      coefficients.forEach((c, i) => expect(c).toBeCloseTo(expected[i] as number, 3));
    } finally {
      result.model.dispose();
    }
  });
});
