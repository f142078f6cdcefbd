// Data no model can learn from is refused with a RegulaError that names the column or setting.
import { describe, expect, it } from 'vitest';
import { RegulaError } from '../../../electron/engine/errors';
import { trainModel } from '../../../electron/engine/train/trainModel';
import type { PreparedData } from '../../../electron/engine/train/types';
import { loadFixture, preparedFrom, quietHooks, specFor } from './fixtures';
import { wasmTf } from './tfBackend';

const bin = loadFixture('logistic_l1');
const reg = loadFixture('regression_l1');

async function refusal(data: PreparedData, overrides = {}): Promise<RegulaError> {
  const tf = await wasmTf();
  const err = await trainModel(tf, specFor(data.featureNames, overrides), data, quietHooks).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegulaError);
  return err as RegulaError;
}

describe('bad input', () => {
  it('a target with one class in the training rows', async () => {
    const err = await refusal(preparedFrom({ ...bin, task: 'binary', y: bin.y.map(() => 1) }));
    expect(err.code).toBe('one-class');
    expect(err.message).toContain('"yes"');
  });

  it('more classes than rows', async () => {
    const few = { ...bin, rows: 3, x: bin.x.slice(0, 3 * 8), y: [0, 1, 2], task: 'multiclass' as const, classes: ['a', 'b', 'c', 'd', 'e'] };
    expect((await refusal(preparedFrom(few))).code).toBe('too-many-classes');
  });

  it('a constant feature, named', async () => {
    const x = reg.x.map((v, i) => (i % 8 === 2 ? 0.5 : v));
    const err = await refusal(preparedFrom({ ...reg, x }));
    expect(err.code).toBe('constant-feature');
    expect(err.place.column).toBe('x3');
  });

  it('a non-finite feature, with its row', async () => {
    const x = reg.x.map((v, i) => (i === 5 * 8 + 1 ? NaN : v));
    const err = await refusal(preparedFrom({ ...reg, x }));
    expect(err.code).toBe('non-finite-feature');
    expect(err.place).toEqual({ column: 'x2', row: 6 });
  });

  it('FISTA asked for a dense network or a non-smooth loss', async () => {
    expect((await refusal(preparedFrom(reg), { solver: 'fista', model: { kind: 'mlp', layers: [{ units: 4 }] } })).code).toBe('solver');
    expect((await refusal(preparedFrom(reg), { solver: 'fista', loss: 'mae' })).code).toBe('solver');
  });

  it('MAE on a linear model falls back to the gradient loop', async () => {
    const tf = await wasmTf();
    const r = await trainModel(tf, specFor(reg.featureNames, { loss: 'mae', epochs: 5 }), preparedFrom(reg), quietHooks);
    expect(r.solver).toBe('adam');
    r.model.dispose();
  });
});
