// Workbooks written by openpyxl, LibreOffice (.xls) and pandas/odfpy (.ods), and hostile ones.
import { describe, expect, it } from 'vitest';
import { importTable } from '../../../electron/engine/data/importTable';
import { tablePage } from '../../../electron/engine/data/tablePage';
import { expectColumnsMatch, expected, fixture, regulaError } from './fixtures';

describe('importTable on workbooks', () => {
  it('finds the header under a title block and reads dates, NA cells and a stray word', async () => {
    const want = expected['title_block.xlsx'];
    const imported = await importTable(fixture('title_block.xlsx'));
    expect(imported.detected).toMatchObject({ format: 'xlsx', headerRow: 4, sheet: 'Report', sheets: ['Report'] });
    expect(imported.table.rowCount).toBe(want.rows);
    expectColumnsMatch(imported.columns, want);
    const types = Object.fromEntries(imported.columns.map((c) => [c.name, c.type]));
    expect(types).toMatchObject({ patient_id: 'id', visit: 'date', weight_kg: 'number', smoker: 'boolean', ward: 'category' });
    expect(tablePage(imported.table, 0, 1).rows[0]![1]).toBe(want.firstVisit);
    expect(imported.warnings.join('\n')).toMatch(/weight_kg.*row 17: "not weighed"/);
  });

  it.each(['several_sheets.xlsx', 'legacy.xls'])('%s: lists sheets, defaults to the first with a table, and reads a chosen one', async (name) => {
    const want = expected[name];
    const first = await importTable(fixture(name));
    expect(first.detected.sheets).toEqual(want.sheets);
    expect(first.detected.sheet).toBe('Data');
    expectColumnsMatch(first.columns, want.Data);
    const other = await importTable(fixture(name), { sheet: 'Other' });
    expect(other.detected.sheet).toBe('Other');
    expectColumnsMatch(other.columns, want.Other);
    const missing = await regulaError(importTable(fixture(name), { sheet: 'Nope' }));
    expect(missing.message).toMatch(new RegExp(`${name.replace('.', '\\.')} has no sheet named "Nope"; its sheets are "Notes", "Data", "Other"`));
  });

  it('reads an ODS sheet written by pandas', async () => {
    const imported = await importTable(fixture('sheet.ods'));
    expect(imported.detected).toMatchObject({ format: 'ods', sheet: 'Measurements' });
    expectColumnsMatch(imported.columns, expected['sheet.ods']);
  });

  it('ignores a claimed range of the whole grid', async () => {
    const imported = await importTable(fixture('huge_dimension.xlsx'));
    expect(imported.table.rowCount).toBe(1);
    expect(imported.columns.map((c) => c.name)).toEqual(['a', 'b']);
  });

  it.each([
    ['truncated.xlsx', 'truncated', /truncated\.xlsx is truncated or damaged/],
    ['zip_bomb.xlsx', 'zip-bomb', /zip_bomb\.xlsx .*more than 100 times its packed size \(the limit MAX_INFLATE_RATIO/],
    ['password.xlsx', 'password-protected', /password\.xlsx is password-protected/],
  ])('refuses %s with a clear message', async (name, code, message) => {
    const err = await regulaError(importTable(fixture(name)));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.place.file).toBe(name);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const pending = importTable(fixture('several_sheets.xlsx'), { signal: controller.signal });
    controller.abort();
    expect((await regulaError(pending)).code).toBe('cancelled');
  });
});
