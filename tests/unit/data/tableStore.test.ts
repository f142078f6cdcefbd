// The project's columnar copy: written, reopened identically, and refused clearly when damaged.
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTable } from '../../../electron/engine/data/importTable';
import { loadTable, saveTable } from '../../../electron/engine/data/tableStore';
import { regulaError, fixture } from './fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'regula-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('saveTable / loadTable', () => {
  it('reopens an imported table identically (NaN missing values included)', async () => {
    const { table } = await importTable(fixture('basic_comma.csv'));
    const where = path.join(dir, 'basic', 'table');
    await saveTable(where, table);
    const back = await loadTable(where);
    expect(back.rowCount).toBe(table.rowCount);
    expect(back.columns.map((c) => [c.name, c.type])).toEqual(table.columns.map((c) => [c.name, c.type]));
    for (const [i, c] of table.columns.entries()) {
      const values = back.columns[i]!.values;
      if (c.values instanceof Float64Array) {
        expect(values).toBeInstanceOf(Float64Array);
        expect(Array.from(values as Float64Array)).toEqual(Array.from(c.values));
      } else expect(values).toEqual(c.values);
    }
    const manifest = JSON.parse(await readFile(path.join(where, 'manifest.json'), 'utf8'));
    expect(manifest.schemaVersion).toBe(1);
  });

  it('refuses a column file whose size does not match the row count, naming the file', async () => {
    const { table } = await importTable(fixture('basic_comma.csv'));
    const where = path.join(dir, 'cut', 'table');
    await saveTable(where, table);
    await truncate(path.join(where, 'col_00002.f64'), 100);
    const err = await regulaError(loadTable(where));
    expect(err.code).toBe('table-damaged');
    expect(err.message).toMatch(/col_00002\.f64 — column "income" holds 100 bytes, expected 480 for 60 rows/);
  });

  it('refuses a text column with the wrong length and a missing manifest', async () => {
    const { table } = await importTable(fixture('basic_comma.csv'));
    const where = path.join(dir, 'text', 'table');
    await saveTable(where, table);
    await writeFile(path.join(where, 'col_00005.json'), JSON.stringify(['North']));
    expect((await regulaError(loadTable(where))).message).toMatch(/col_00005\.json — column "region" holds 1 values, expected 60/);
    expect((await regulaError(loadTable(path.join(dir, 'nowhere')))).message).toMatch(/manifest\.json — the file is missing/);
  });
});
