import { describe, expect, it } from 'vitest';
import { SweepSpec, type SweepPoint } from '../../../shared/domain';
import { defaultForm } from '../../../renderer/src/model/runForm';
import { buildSweepSpec, coefficientPaths, defaultSweep, pathScore, validateSweep } from '../../../renderer/src/model/sweep';
import { dataset } from './fakeLab';

const point = (lambda: number, mse: number, coefs: [string, number][], cv?: number): SweepPoint => ({
  lambda,
  lambda1: lambda,
  lambda2: 0,
  metrics: { train: { mse }, validation: { mse } },
  loss: { data: mse, penalty: 0, total: mse },
  weights: coefs.length,
  zeros: coefs.filter(([, v]) => v === 0).length,
  coefficients: coefs.map(([feature, value]) => ({ feature, value })),
  ...(cv !== undefined ? { cv: { mean: cv, se: 0.1 } } : {}),
});

describe('the λ sweep settings', () => {
  it('needs a penalty to sweep and a positive log grid', () => {
    const form = defaultForm(dataset());
    const errors = validateSweep(form, { from: 0, to: -1, steps: 0, folds: 1 });
    expect(Object.keys(errors).sort()).toEqual(['folds', 'from', 'regularizer', 'steps', 'to']);
    expect(validateSweep({ ...form, regularizer: 'l1' }, defaultSweep())).toEqual({});
  });

  it('builds a spec the contract accepts, keeping the form’s L1 : L2 proportion', () => {
    const form = { ...defaultForm(dataset()), regularizer: 'l1l2' as const, lambda1: 0.3, lambda2: 0.1 };
    const spec = SweepSpec.parse(buildSweepSpec(form, 'ds-1', { from: 0.001, to: 1, steps: 5, folds: 5 }));
    expect(spec).toMatchObject({ reg: 'l1l2', from: 0.001, to: 1, steps: 5, folds: 5 });
    expect(spec.l1Ratio).toBeCloseTo(0.75, 12);
    expect(spec.base.features).toEqual(['area', 'rooms']);
  });

  it('leaves cross-validation off at 0 folds', () => {
    const form = { ...defaultForm(dataset()), regularizer: 'l1' as const };
    expect(buildSweepSpec(form, 'ds-1', defaultSweep())).not.toHaveProperty('folds');
  });
});

describe('reading a path', () => {
  it('scores by cross-validation when present, else validation', () => {
    expect(pathScore(point(1, 0.5, []))).toBe(0.5);
    expect(pathScore(point(1, 0.5, [], 0.7))).toBe(0.7);
  });

  it('gives each feature its coefficient path in λ order', () => {
    const paths = coefficientPaths([point(1, 1, [['a', 0], ['b', 0]]), point(0.01, 1, [['a', 3], ['b', -2]])]);
    expect(paths.get('a')).toEqual([
      { x: 0.01, y: 3 },
      { x: 1, y: 0 },
    ]);
  });
});
