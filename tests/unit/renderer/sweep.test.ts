import { describe, expect, it } from 'vitest';
import { SweepSpec, type SweepPoint } from '../../../shared/domain';
import { defaultForm } from '../../../renderer/src/model/runForm';
import { buildSweepSpec, classCoefficientPaths, coefficientPaths, defaultSweep, pathScore, runSpecAt, sweepDecision, validateSweep } from '../../../renderer/src/model/sweep';
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
    const errors = validateSweep(form, { grid: 'custom', from: 0, to: -1, steps: 0, folds: 1 });
    expect(Object.keys(errors).sort()).toEqual(['folds', 'from', 'regularizer', 'steps', 'to']);
    expect(validateSweep({ ...form, regularizer: 'l1' }, defaultSweep())).toEqual({});
  });

  it('builds a spec the contract accepts, keeping the form’s L1 : L2 proportion', () => {
    const form = { ...defaultForm(dataset()), regularizer: 'l1l2' as const, lambda1: 0.3, lambda2: 0.1 };
    const spec = SweepSpec.parse(buildSweepSpec(form, 'ds-1', { grid: 'custom', from: 0.001, to: 1, steps: 5, folds: 5 }));
    expect(spec).toMatchObject({ reg: 'l1l2', from: 0.001, to: 1, steps: 5, folds: 5 });
    expect(spec.l1Ratio).toBeCloseTo(0.75, 12);
    expect(spec.base.features).toEqual(['area', 'rooms']);
  });

  it('asks the engine for a grid from the data by default (no from/to), as glmnet does', () => {
    const form = { ...defaultForm(dataset()), regularizer: 'l1' as const };
    const spec = SweepSpec.parse(buildSweepSpec(form, 'ds-1', defaultSweep()));
    expect(spec.from).toBeUndefined();
    expect(spec.to).toBeUndefined();
    expect(validateSweep(form, { ...defaultSweep(), from: '', to: '' })).toEqual({});
  });

  it('leaves cross-validation off at 0 folds', () => {
    const form = { ...defaultForm(dataset()), regularizer: 'l1' as const };
    expect(buildSweepSpec(form, 'ds-1', { ...defaultSweep(), folds: 0 })).not.toHaveProperty('folds');
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

describe('from a path to a decision', () => {
  // Scores fall then rise; the standard errors decide which larger λ is still "as good".
  const pts = [point(1, 0, [['a', 0]], 2.0), point(0.3, 0, [['a', 1]], 1.08), point(0.1, 0, [['a', 2]], 1.0), point(0.03, 0, [['a', 3]], 1.05), point(0.01, 0, [['a', 3]], 1.2)];

  it('finds λmin and the largest λ within one standard error of the best', () => {
    const d = sweepDecision(pts);
    expect(d.lambdaMin).toBe(0.1);
    // Independently: the best mean plus its se, and the largest λ whose mean is not above it.
    const best = pts.reduce((a, b) => (pathScore(a)! <= pathScore(b)! ? a : b));
    const limit = best.cv!.mean + best.cv!.se;
    const within = pts.filter((p) => p.cv!.mean <= limit).map((p) => p.lambda);
    expect(d.lambda1se).toBe(Math.max(...within));
    expect(d.lambda1se).toBeGreaterThan(d.lambdaMin!);
    expect(d.edge).toBeNull();
  });

  it('uses the engine\'s own λmin / λ1se when the record has them, and warns at the edge of the grid', () => {
    expect(sweepDecision(pts, { lambdaMin: 0.03, lambda1se: 0.1 })).toMatchObject({ lambdaMin: 0.03, lambda1se: 0.1 });
    const falling = pts.map((p, i) => ({ ...p, cv: { mean: 1 + i, se: 0.01 } }));
    expect(sweepDecision(falling).edge).toBe('largest');
  });

  it('builds the run at the chosen λ with the sweep\'s split of λ1 and λ2', () => {
    const form = { ...defaultForm(dataset()), regularizer: 'l1l2' as const, lambda1: 0.3, lambda2: 0.1 };
    const spec = buildSweepSpec(form, 'ds-1', { grid: 'custom', from: 1, to: 0.01, steps: 5, folds: 0 });
    const run = runSpecAt(spec, 0.2);
    const reg = run.regularizer as { kind: 'l1l2'; l1: number; l2: number };
    expect(reg.kind).toBe('l1l2');
    expect(reg.l1 + reg.l2).toBeCloseTo(0.2, 12);
    expect(reg.l1 / reg.l2).toBeCloseTo(0.3 / 0.1, 9);
    expect(run.features).toEqual(spec.base.features);
  });

  it('reads per-class coefficient paths of a multiclass sweep', () => {
    const p = (lambda: number, v: number) => ({ ...point(lambda, 1, []), coefficientsByClass: [{ class: 'setosa', coefficients: [{ feature: 'petal', value: v }] }, { class: 'virginica', coefficients: [{ feature: 'petal', value: -v }] }] });
    const paths = classCoefficientPaths([p(1, 0), p(0.1, 2)]);
    expect([...paths.keys()]).toEqual(['setosa', 'virginica']);
    expect(paths.get('virginica')?.get('petal')).toEqual([{ x: 0.1, y: -2 }, { x: 1, y: -0 }]);
  });
});
