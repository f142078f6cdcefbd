// Our direct XLSX reader against SheetJS, which stays the reference: every workbook here is read
// both ways and must give the same table, statistics, warnings and detected format — and the
// direct reader must really have read it (not fallen back to SheetJS).
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWorkbook } from '../../../electron/engine/data/readWorkbook';
import { readXlsxSheets } from '../../../electron/engine/data/xlsxSheetReader';
import { checkZip } from '../../../electron/engine/data/zipGuard';
import { fixture } from './fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'regula-xlsx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RULES = {
  builtinFormats: { ...XLSX.SSF.get_table() },
  isDateFormat: (f: string) => XLSX.SSF.is_date(f),
  serialToIso: (serial: number) => String(serial),
};

/** Both readers on one file and sheet choice: equal results, and the direct one did the reading. */
async function expectSameAsSheetJs(file: string, sheet?: string): Promise<void> {
  const files = checkZip(readFileSync(file), (name: string) => name.startsWith('xl/')).files;
  expect(() => readXlsxSheets(files, sheet, RULES), 'the direct reader handles it').not.toThrow();
  const options = sheet === undefined ? {} : { sheet };
  const name = path.basename(file);
  const settle = (reader: 'direct' | 'sheetjs') =>
    readWorkbook(file, name, 'zip', options, reader).then(
      (r) => ({ detected: r.detected, columns: r.assembled.columns, warnings: r.assembled.warnings, table: r.assembled.table }),
      (err: Error) => ({ error: err.message }),
    );
  const [direct, sheetjs] = [await settle('direct'), await settle('sheetjs')];
  expect(direct).toEqual(sheetjs);
  expect(direct).not.toHaveProperty('error');
}

/** A workbook from raw parts, for what spreadsheet programs write but SheetJS's writer does not. */
function rawWorkbook(sheetXml: string, extra: Record<string, string>, prefix: string): Uint8Array {
  const x = (xml: string) => xml.replace(/<(\/?)x:/g, `<$1${prefix}`).replace('xmlns:x=', prefix ? `xmlns:${prefix.slice(0, -1)}=` : 'xmlns=');
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ),
    'xl/workbook.xml': strToU8(x(
      '<?xml version="1.0"?><x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:workbookPr date1904="1"/><x:sheets><x:sheet name="R&amp;D" sheetId="1" r:id="rId1"/></x:sheets></x:workbook>',
    )),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(x(`<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>${sheetXml}</x:sheetData></x:worksheet>`)),
    ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
  });
}

describe('direct XLSX reader = SheetJS', () => {
  it.each([
    ['title_block.xlsx', undefined],
    ['several_sheets.xlsx', undefined],
    ['several_sheets.xlsx', 'Other'],
    ['huge_dimension.xlsx', undefined],
  ])('%s (sheet %s)', async (name, sheet) => {
    await expectSameAsSheetJs(fixture(name), sheet);
  });

  it('a workbook written by SheetJS: numbers, texts with markup characters, booleans, errors, dates, formulas, gaps', async () => {
    const rows: unknown[][] = [['id', 'amount', 'label', 'ok', 'when', 'formula']];
    for (let i = 0; i < 1500; i++) {
      rows.push([
        i + 1,
        i % 37 === 0 ? null : (i * 7919) / 13 - 300,
        ['a & b', '<tag>', 'x_x0041_y', 'line\r\nbreak', 'Zürich', '  padded  ', ''][i % 7],
        i % 2 === 0,
        new Date(Date.UTC(2020, 0, 1 + i)),
        i % 5 === 0 ? '#N/A' : i * 2,
      ]);
    }
    const sheet = XLSX.utils.aoa_to_sheet(rows, { cellDates: true });
    for (let r = 2; r <= 1501; r += 5) sheet[`F${r}`] = { t: 'e', v: 0x2a };
    sheet.F3 = { t: 'n', v: 4, f: 'B3*2' };
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['notes only'], ['written by hand']]), 'Notes');
    XLSX.utils.book_append_sheet(book, sheet, 'Data');
    for (const bookSST of [true, false]) {
      const file = path.join(dir, `sheetjs-${bookSST}.xlsx`);
      await writeFile(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx', bookSST }));
      await expectSameAsSheetJs(file);
      await expectSameAsSheetJs(file, 'Notes');
    }
  });

  it('cells and rows without references, inline and rich strings, formula strings, 1904 dates; prefixed XML too', async () => {
    const sst =
      '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="3">' +
      '<si><t xml:space="preserve"> lead &amp; trail </t></si>' +
      '<si><r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space="preserve"> and plain</t></r><rPh sb="0" eb="1"><t>PH</t></rPh></si>' +
      '<si><t>x</t></si></sst>';
    const styles =
      '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>' +
      '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="2"/></cellXfs></styleSheet>';
    const data =
      '<x:row r="1"><x:c r="A1" t="s"><x:v>2</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>when</x:t></x:is></x:c><x:c r="C1" t="s"><x:v>0</x:v></x:c><x:c r="D1" t="inlineStr"><x:is><x:t>d</x:t></x:is></x:c><x:c r="E1" t="inlineStr"><x:is><x:t>flag</x:t></x:is></x:c></x:row>' +
      '<x:row><x:c><x:v>1.5</x:v></x:c><x:c s="1"><x:v>45000</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c></x:row>' +
      '<x:row r="4"><x:c r="A4" s="2"><x:v>2.25</x:v></x:c><x:c r="B4" s="1"><x:v>45001.5</x:v></x:c><x:c r="C4" t="str"><x:f>A4&amp;"x"</x:f><x:v>2.25&amp;amp;x</x:v></x:c><x:c r="E4" t="b"><x:v>1</x:v></x:c></x:row>' +
      '<x:row r="5"><x:c r="A5" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="B5"/><x:c r="C5" t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:t>line</x:t></x:r></x:is></x:c></x:row>' +
      '<x:row r="6"><x:c r="A6" t="str"><x:v></x:v></x:c></x:row>' +
      '<x:row r="7"><x:c r="A7"><x:v>-1e-3</x:v></x:c><x:c r="B7" s="1"><x:v>0</x:v></x:c><x:c r="C7" t="s"><x:v>2</x:v></x:c></x:row>';
    const file = path.join(dir, 'raw.xlsx');
    await writeFile(file, rawWorkbook(data, { 'xl/sharedStrings.xml': sst, 'xl/styles.xml': styles }, ''));
    await expectSameAsSheetJs(file);
    // SheetJS finds no cells when the main namespace has a prefix; the direct reader reads the same table.
    const prefixed = path.join(dir, 'prefixed.xlsx');
    await writeFile(prefixed, rawWorkbook(data, { 'xl/sharedStrings.xml': sst, 'xl/styles.xml': styles }, 'x:'));
    const plain = await readWorkbook(file, 'raw.xlsx', 'zip', {}, 'direct');
    const withPrefix = await readWorkbook(prefixed, 'raw.xlsx', 'zip', {}, 'direct');
    expect(withPrefix.assembled.table).toEqual(plain.assembled.table);
  });
});
