// Delimited text written by pandas/csv in several dialects and encodings, read the way an
// analyst would import it; every number compared to what pandas says about the true data.
import { describe, expect, it } from 'vitest';
import { importTable } from '../../../electron/engine/data/importTable';
import { tablePage } from '../../../electron/engine/data/tablePage';
import { expectColumnsMatch, expected, fixture } from './fixtures';

const DIALECT_FIXTURES = [
  'basic_comma.csv',
  'semicolon_decimal_comma.csv',
  'tab.tsv',
  'pipe.txt',
  'cp1252_semicolon.csv',
  'utf16.csv',
  'utf16be_nobom.csv',
  'utf8_bom.csv',
  'quoted_multiline.csv',
  'na_markers.csv',
  'stray_words.csv',
  'title_rows.csv',
  'thousands_us.csv',
  'thousands_eu.csv',
  'records.json',
];

describe('importTable on delimited text and JSON', () => {
  it.each(DIALECT_FIXTURES)('%s: detection, rows and column stats match pandas', async (name) => {
    const want = expected[name];
    const imported = await importTable(fixture(name));
    expect(imported.table.rowCount).toBe(want.rows);
    expect(imported.detected.headerRow).toBe(want.headerRow);
    for (const [key, value] of Object.entries(want.detected ?? {})) expect(imported.detected[key as 'delimiter']).toBe(value);
    expectColumnsMatch(imported.columns, want);
  });

  it('infers the analyst-facing column types', async () => {
    const { columns } = await importTable(fixture('basic_comma.csv'));
    const types = Object.fromEntries(columns.map((c) => [c.name, c.type]));
    expect(types).toEqual({ id: 'integer', age: 'integer', income: 'number', score: 'number', smoker: 'boolean', region: 'category', signup: 'date' });
    expect(columns.find((c) => c.name === 'id')?.excludedByDefault).toBe(true);
    expect(columns.find((c) => c.name === 'age')?.excludedByDefault).toBeUndefined();
  });

  it('keeps quoted delimiters, doubled quotes and line breaks inside fields', async () => {
    const { table } = await importTable(fixture('quoted_multiline.csv'));
    const note = table.columns[0]!;
    // pandas writes \r\n inside a field as-is; the text keeps it.
    expect(note.values).toEqual(expected['quoted_multiline.csv'].notes);
  });

  it('decodes Windows-1252 and UTF-16 to the same text', async () => {
    const names = await Promise.all(['cp1252_semicolon.csv', 'utf16.csv', 'utf16be_nobom.csv', 'utf8_bom.csv'].map(async (f) => (await importTable(fixture(f))).table));
    for (const t of names) {
      expect(t.columns.map((c) => c.name)).toEqual(['Straße', 'Betrag €', 'Anzahl']);
      expect(t.columns[0]!.values.slice(0, 6)).toEqual(['Müller', 'Größe', 'café', 'naïve', 'Œuvre', 'façade']);
    }
  });

  it('reports stray words in a number column by row and warns instead of zeroing them', async () => {
    const { columns, warnings, table } = await importTable(fixture('stray_words.csv'));
    const income = columns.find((c) => c.name === 'income')!;
    expect(income.type).toBe('number');
    expect(warnings.join('\n')).toMatch(/income.*2 cell\(s\).*row 9: "unknown"/);
    const page = tablePage(table, 7, 1); // data row 8 is on line 9
    expect(page.rows[0]![1]).toBeNull();
  });

  it('names duplicate and empty headers uniquely', async () => {
    const { columns } = await importTable(fixture('dup_headers.csv'));
    expect(columns.map((c) => c.name)).toEqual(expected['dup_headers.csv'].names);
  });

  it('honours a forced delimiter, decimal and header row', async () => {
    const forced = await importTable(fixture('title_rows.csv'), { headerRow: 4, delimiter: ',' });
    expect(forced.columns.map((c) => c.name)).toEqual(['id', 'age', 'income']);
    const wrong = await importTable(fixture('semicolon_decimal_comma.csv'), { decimal: '.' });
    // With the decimal point forced, "77699,77" is no number: the column is kept as text.
    expect(wrong.columns.find((c) => c.name === 'income')!.type).not.toBe('number');
  });

  it('pages the preview as display strings with null for missing', async () => {
    const { table } = await importTable(fixture('basic_comma.csv'));
    const page = tablePage(table, 2, 3);
    expect(page.offset).toBe(2);
    expect(page.total).toBe(60);
    expect(page.rows).toHaveLength(3);
    const income = page.rows[1]![2]; // row index 3 has income NaN in the generator
    expect(income).toBeNull();
    expect(page.rows[0]![6]).toMatch(/^2023-\d\d-\d\d$/);
    expect(['true', 'false']).toContain(page.rows[0]![4]);
    expect(tablePage(table, 59, 10).rows).toHaveLength(1);
  });

  it('reports progress up to 1', async () => {
    const seen: number[] = [];
    await importTable(fixture('basic_comma.csv'), { onProgress: (f) => seen.push(f) });
    expect(seen.at(-1)).toBe(1);
  });
});
