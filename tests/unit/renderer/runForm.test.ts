import { describe, expect, it } from 'vitest';
import { RunSpec } from '../../../shared/domain';
import { buildRunSpec, CHOICES, defaultForm, describeRegularizer, parseHiddenLayers, validateForm, type RunForm } from '../../../renderer/src/model/runForm';
import { dataset } from './fakeLab';

describe('the model form', () => {
  it('defaults the target to the last usable column and leaves identifiers and text out of the features', () => {
    const form = defaultForm(dataset());
    expect(form.target).toBe('price');
    expect(form.features).toEqual(['area', 'rooms']);
  });

  it('flags a negative λ, zero epochs and no features', () => {
    const form = { ...defaultForm(dataset()), solver: 'gradient' as const, regularizer: 'l1l2' as const, lambda1: -0.5, lambda2: '', epochs: 0, features: [] };
    const errors = validateForm(form);
    expect(errors.lambda1).toMatch('from 0');
    expect(errors.lambda2).toMatch('number');
    expect(errors.epochs).toBeDefined();
    expect(errors.features).toBeDefined();
  });

  it('ignores λ fields the chosen penalty does not use', () => {
    const form = { ...defaultForm(dataset()), regularizer: 'l2' as const, lambda1: -1, lambda2: 0.3 };
    expect(validateForm(form)).toEqual({});
  });

  it('builds a RunSpec the contract accepts, with the penalty and layers as chosen', () => {
    const form = {
      ...defaultForm(dataset()),
      regularizer: 'l1l2' as const,
      lambda1: 0.1,
      lambda2: '0.2',
      modelKind: 'mlp' as const,
      hiddenLayers: ' 64, 32 ',
      activation: 'tanh' as const,
      epochs: '25',
    };
    expect(validateForm(form)).toEqual({});
    const spec = buildRunSpec(form, 'ds-1');
    const parsed = RunSpec.parse(spec);
    expect(parsed.regularizer).toEqual({ kind: 'l1l2', l1: 0.1, l2: 0.2 });
    expect(parsed.model).toEqual({
      kind: 'mlp',
      layers: [
        { units: 64, activation: 'tanh', dropout: 0 },
        { units: 32, activation: 'tanh', dropout: 0 },
      ],
    });
    expect(parsed.epochs).toBe(25);
    expect(parsed.features).toEqual(['area', 'rooms']);
    expect(parsed.solver).toBe('auto');
  });

  it('sends the missing-value strategy, with the fill value only when filling with a number', () => {
    const base = defaultForm(dataset());
    expect(RunSpec.parse(buildRunSpec(base, 'ds-1')).preprocessing.missing).toBe('drop-rows');
    const filled = RunSpec.parse(buildRunSpec({ ...base, missing: 'constant', fillValue: -1 }, 'ds-1'));
    expect(filled.preprocessing).toMatchObject({ missing: 'constant', fillValue: -1 });
    expect(validateForm({ ...base, missing: 'constant', fillValue: '' }).fillValue).toBeDefined();
  });

  it('asks to keep the last good weights only when ticked, and only for gradient training', () => {
    const gradient = { ...defaultForm(dataset()), solver: 'gradient' as const };
    expect(RunSpec.parse(buildRunSpec(gradient, 'd')).keepLastGoodWeights).toBeUndefined();
    expect(RunSpec.parse(buildRunSpec({ ...gradient, keepLastGood: true }, 'd')).keepLastGoodWeights).toBe(true);
    expect(RunSpec.parse(buildRunSpec({ ...gradient, solver: 'fista', keepLastGood: true }, 'd')).keepLastGoodWeights).toBeUndefined();
  });

  it('never sends the target as a feature', () => {
    const form = { ...defaultForm(dataset()), features: ['area', 'price'] };
    expect(buildRunSpec(form, 'ds-1').features).toEqual(['area']);
  });

  it('reads hidden layer sizes strictly', () => {
    expect(parseHiddenLayers('8')).toEqual([8]);
    expect(parseHiddenLayers('8,,4')).toEqual([8, 4]);
    expect(parseHiddenLayers('8,x')).toBeNull();
    expect(parseHiddenLayers('0')).toBeNull();
    expect(parseHiddenLayers('')).toBeNull();
  });

  it('describes penalties the way the runs list shows them', () => {
    expect(describeRegularizer({ kind: 'none' })).toBe('no penalty');
    expect(describeRegularizer({ kind: 'l1', l1: 0.05 })).toBe('L1 λ=0.05');
  });

  it('accepts exactly the numbers the engine schema accepts (epochs, batch, learning rate, λ, layers)', () => {
    const base = { ...defaultForm(dataset()), solver: 'gradient' as const };
    const cases: Partial<RunForm>[] = [
      { epochs: 100_000 },
      { epochs: 100_001 },
      { epochs: 200_000 },
      { epochs: 2.5 },
      { batchSize: 1_000_001 },
      { learningRate: 10 },
      { learningRate: 11 },
      { learningRate: 0 },
      { regularizer: 'l1', lambda1: 2e6 },
      { regularizer: 'l2', lambda2: 1e6 },
      { valSplit: 0.95 },
      { modelKind: 'mlp', hiddenLayers: '5000' },
      { modelKind: 'mlp', hiddenLayers: '4096' },
    ];
    for (const change of cases) {
      const form = { ...base, ...change };
      const engineAccepts = RunSpec.safeParse(buildRunSpec(form, 'ds-1')).success;
      const formErrors = validateForm(form);
      expect({ change, formAccepts: Object.keys(formErrors).length === 0 }).toEqual({ change, formAccepts: engineAccepts });
    }
    // The message names the limit the schema sets, so the analyst knows what to type.
    expect(validateForm({ ...base, epochs: 200_000 }).epochs).toMatch('100,000');
  });

  it('offers the choices the schema allows, in its order', () => {
    expect(CHOICES.optimizer).toEqual(['adam', 'sgd', 'rmsprop']);
    expect(CHOICES.regularizer).toEqual(['none', 'l1', 'l2', 'l1l2']);
    expect(CHOICES.missing).toContain('most-frequent');
  });

  it('neither checks nor sends the gradient settings for the exact linear solver', () => {
    const form = { ...defaultForm(dataset()), epochs: 0, batchSize: '', learningRate: -1 };
    expect(validateForm(form)).toEqual({});
    expect(RunSpec.safeParse(buildRunSpec(form, 'ds-1')).success).toBe(true);
    expect(validateForm({ ...form, solver: 'gradient' })).toHaveProperty('epochs');
    expect(validateForm({ ...form, modelKind: 'mlp' })).toHaveProperty('learningRate');
  });
});
