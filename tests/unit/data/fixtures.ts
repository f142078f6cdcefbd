// Shared access to the import fixtures and the pandas-computed expectations written beside them
// by tests/fixtures/make_import_fixtures.py.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { ColumnInfo } from '../../../shared/domain';
import { RegulaError } from '../../../electron/engine/errors';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/import');
export const fixture = (name: string) => path.join(FIXTURES, name);

interface ExpectedColumn {
  missing: number;
  unique: number;
  mean?: number;
  std?: number;
  min?: number;
  max?: number;
  true?: number;
}
export interface ExpectedTable {
  rows: number;
  headerRow: number;
  columns: Record<string, ExpectedColumn>;
  strayRows?: Record<string, number[]>;
  detected?: Record<string, string>;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- per-fixture extras vary in shape
export const expected: Record<string, any> = JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8'));

/** Regula's column stats against pandas' on the true data (relative 1e-9 for floats). */
export function expectColumnsMatch(columns: ColumnInfo[], want: ExpectedTable): void {
  expect(columns.map((c) => c.name)).toEqual(Object.keys(want.columns));
  for (const info of columns) {
    const w = want.columns[info.name]!;
    expect({ column: info.name, missing: info.missing, unique: info.unique }).toEqual({ column: info.name, missing: w.missing, unique: w.unique });
    if (w.true !== undefined) {
      expect(info.type).toBe('boolean');
      expect(info.top?.find((t) => t.value === 'true')?.count).toBe(w.true);
    }
    for (const key of ['mean', 'std', 'min', 'max'] as const) {
      if (w[key] === undefined) continue;
      expect(info[key], `${info.name}.${key}`).toBeCloseTo(w[key]!, 6);
    }
    const stray = want.strayRows?.[info.name];
    if (stray) expect(info.strayRows).toEqual(stray);
    else expect(info.strayRows, `${info.name} has no strays`).toBeUndefined();
  }
}

/** Awaits a rejection and returns it as the RegulaError it must be. */
export async function regulaError(promise: Promise<unknown>): Promise<RegulaError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegulaError);
  return err as RegulaError;
}
