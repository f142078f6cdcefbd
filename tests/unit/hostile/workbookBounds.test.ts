// A sheet's cell references and dimensions are the file's word, not a size to allocate: one
// `AAAAAAA2` (column 321,272,406) once made a row array abort the whole process out of memory.
// Each file here must end in a clear error that names the file and the limit, with either reader.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTable } from '../../../electron/engine/data/importTable';
import { readWorkbook, type XlsxReader } from '../../../electron/engine/data/readWorkbook';
import { MAX_SHEET_COLUMNS, MAX_SHEET_ROWS } from '../../../electron/engine/data/sheetCells';
import { RegulaError } from '../../../electron/engine/errors';
import { tempDir } from '../helpers';
import { smallTableWith, xlsxWithSheetData } from './hostileFiles';

async function hostileXlsx(name: string, sheetData: string, dimension?: string): Promise<string> {
  const file = path.join(await tempDir(), name);
  await writeFile(file, xlsxWithSheetData(sheetData, dimension));
  return file;
}

async function failure(promise: Promise<unknown>): Promise<RegulaError> {
  const err: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RegulaError);
  return err as RegulaError;
}

describe('workbook dimensions are bounded before anything is allocated', () => {
  it('a 7-letter column reference (AAAAAAA2) is a clear error, not an out-of-memory crash', async () => {
    const file = await hostileXlsx('seven-letters.xlsx', smallTableWith('<row r="4"><c r="AAAAAAA4"><v>1</v></c></row>'));
    const err = await failure(importTable(file));
    expect(err.code).toBe('sheet-too-large');
    expect(err.message).toContain('seven-letters.xlsx');
    expect(err.message).toContain('MAX_SHEET_COLUMNS');
    expect(err.place.file).toBe('seven-letters.xlsx');
  });

  it.each<XlsxReader>(['direct', 'sheetjs'])('a column past XFD is refused by the %s reader', async (reader) => {
    // ZZZ (18,278) fits the direct reader's three letters but not Excel's grid.
    const file = await hostileXlsx('past-xfd.xlsx', smallTableWith('<row r="4"><c r="ZZZ4"><v>1</v></c></row>'));
    const err = await failure(readWorkbook(file, 'past-xfd.xlsx', 'zip', {}, reader));
    expect(err.code).toBe('sheet-too-large');
    expect(err.message).toContain(`${MAX_SHEET_COLUMNS.toLocaleString('en')} columns`);
  });

  it.each<XlsxReader>(['direct', 'sheetjs'])('a row past 1,048,576 is refused by the %s reader', async (reader) => {
    const row = MAX_SHEET_ROWS + 5;
    const file = await hostileXlsx('deep.xlsx', smallTableWith(`<row r="${row}"><c r="A${row}"><v>1</v></c></row>`));
    const err = await failure(readWorkbook(file, 'deep.xlsx', 'zip', {}, reader));
    expect(err.code).toBe('sheet-too-large');
    expect(err.message).toContain('MAX_SHEET_ROWS');
  });

  it('a huge claimed dimension over a small table still imports (the range is never walked)', async () => {
    const file = await hostileXlsx('claims-everything.xlsx', smallTableWith(''), 'A1:XFD1048576');
    const imported = await importTable(file);
    expect(imported.table.rowCount).toBe(2);
    expect(imported.columns.map((c) => c.name)).toEqual(['x', 'y']);
  });
});
