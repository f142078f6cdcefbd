// Generated and mutated files for the import fuzz campaign. Each generator returns a file name
// (its extension steers the reader as a user's would) and its bytes. Families:
//   table    random delimited tables: delimiters, quoting (broken too), encodings, line endings
//   fixture  byte flips, inserts, deletes and truncations of the committed import fixtures
//   sheet    XLSX whose sheet XML is mutated: cell references, dimensions, shared strings, styles
//   book     workbooks written by SheetJS (xlsx, xls, ods), then sometimes damaged
//   json     records, nesting (some far too deep), wrong shapes, broken text
//   extreme  size extremes: empty, one byte, one huge line, thousands of columns, huge cells
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';
import { mutateBytes, Random } from './random';

export interface FuzzFile {
  family: string;
  name: string;
  bytes: Uint8Array;
}

const fixturesDir = fileURLToPath(new URL('../../tests/fixtures/', import.meta.url));
const FIXTURES = ['import', 'engine'].flatMap((dir) =>
  readdirSync(path.join(fixturesDir, dir))
    .filter((f) => !f.endsWith('expected.json'))
    .map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(path.join(fixturesDir, dir, f))) })),
);

const FAMILIES: { name: string; weight: number; make: (r: Random) => Omit<FuzzFile, 'family'> }[] = [
  { name: 'table', weight: 35, make: randomTable },
  { name: 'fixture', weight: 22, make: mutatedFixture },
  { name: 'sheet', weight: 18, make: mutatedSheetXml },
  { name: 'book', weight: 7, make: sheetJsBook },
  { name: 'json', weight: 12, make: jsonRecords },
  { name: 'extreme', weight: 6, make: sizeExtreme },
];

/** File number `index` of the campaign with `seed`: the same pair always gives the same file. */
export function importFile(seed: number, index: number, families?: string[]): FuzzFile {
  const random = new Random(seed * 1_000_003 + index);
  const pool = families ? FAMILIES.filter((f) => families.includes(f.name)) : FAMILIES;
  const family = pool[random.weighted(pool.map((f) => f.weight))]!;
  return { family: family.name, ...family.make(random) };
}

export const IMPORT_FAMILIES = FAMILIES.map((f) => f.name);

const WORDS = ['alpha', 'Beta', 'γάμμα', '東京', 'naïve', 'a,b', 'say "hi"', 'line\nbreak', '=SUM(A1)', '@x', '-', 'NA', 'n/a', '', ' ', 'TRUE', 'false', '€', '\u200B', '\uFEFF', '💥'];

function cellText(r: Random): string {
  switch (r.int(0, 9)) {
    case 0:
      return String(r.int(-1000, 1000));
    case 1:
      return (r.next() * 1e4 - 5e3).toFixed(r.int(0, 6));
    case 2:
      return (r.next() * 1e3).toFixed(2).replace('.', ',');
    case 3:
      return `${r.int(1900, 2100)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 31)).padStart(2, '0')}`;
    case 4:
      return r.pick(['1e308', '-1e309', 'NaN', 'Infinity', '0x1F', '1.2.3', '00012', '1 234,5', '1,234.5']);
    case 5:
      return String.fromCharCode(...Array.from({ length: r.int(0, 12) }, () => (r.chance(0.05) ? r.int(1, 31) : r.int(32, 0x2fff))));
    default:
      return r.pick(WORDS);
  }
}

function encode(r: Random, text: string): { bytes: Uint8Array; label: string } {
  switch (r.int(0, 5)) {
    case 0:
      return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), label: 'utf8bom' };
    case 1:
      return { bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), label: 'utf16le' };
    case 2: {
      const le = Buffer.from(text, 'utf16le');
      return { bytes: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le.swap16())]), label: 'utf16be' };
    }
    case 3:
      return { bytes: Buffer.from(text, 'latin1'), label: 'latin1' };
    default:
      return { bytes: Buffer.from(text, 'utf8'), label: 'utf8' };
  }
}

function randomTable(r: Random): Omit<FuzzFile, 'family'> {
  const delimiter = r.pick([',', ';', '\t', '|', ' ', ':']);
  const newline = r.pick(['\n', '\r\n', '\r', '\n\r']);
  const quoteMode = r.int(0, 3); // 0 none, 1 as needed, 2 always, 3 broken
  const cols = r.chance(0.05) ? r.int(50, 400) : r.int(1, 12);
  const rows = r.chance(0.05) ? r.int(1000, 5000) : r.int(0, 120);
  const quote = (s: string): string => {
    if (quoteMode === 0) return s;
    if (quoteMode === 3 && r.chance(0.05)) return `"${s}`;
    if (quoteMode === 2 || /[",;\t|\n\r ]/.test(s)) return `"${s.replace(/"/g, '""')}"`;
    return s;
  };
  const lines: string[] = [];
  if (r.chance(0.8)) lines.push(Array.from({ length: cols }, (_, c) => quote(r.chance(0.1) ? cellText(r) : `col${c}`)).join(delimiter));
  for (let i = 0; i < rows; i++) {
    const width = r.chance(0.05) ? r.int(0, cols + 3) : cols;
    lines.push(Array.from({ length: width }, () => quote(cellText(r))).join(delimiter));
  }
  const text = lines.join(newline) + (r.chance(0.5) ? newline : '');
  const { bytes, label } = encode(r, text);
  return { name: `table-${label}.${r.pick(['csv', 'csv', 'tsv', 'txt', 'dat'])}`, bytes };
}

function mutatedFixture(r: Random): Omit<FuzzFile, 'family'> {
  const fixture = r.pick(FIXTURES);
  const bytes = r.chance(0.15) ? fixture.bytes.subarray(0, r.int(0, fixture.bytes.length)) : mutateBytes(r, fixture.bytes);
  return { name: `mutated-${fixture.name}`, bytes };
}

const COLUMN_REFS = ['A', 'B', 'Z', 'AA', 'XFD', 'XFE', 'ZZZ', 'AAAA', 'AAAAAAA', 'a', '', '$A', 'A$'];
const ROW_REFS = ['1', '2', '10', '1048576', '1048577', '0', '-1', '99999999999', '1.5', '', 'x', '2147483648'];

function cellXml(r: Random, row: number, col: number, strings: number, weird = 0.2): string {
  const ref = !r.chance(weird) ? `${columnName(col)}${row}` : `${r.pick(COLUMN_REFS)}${r.pick(ROW_REFS)}`;
  const refAttr = r.chance(0.9) ? ` r="${ref}"` : '';
  const style = r.chance(0.2) ? ` s="${r.chance(weird) ? r.pick(['164', '999999', '-1', 'x']) : r.pick(['0', '1', '2'])}"` : '';
  switch (r.int(0, 6)) {
    case 0:
      return `<c${refAttr}${style} t="s"><v>${!r.chance(weird) ? r.int(0, Math.max(0, strings - 1)) : r.pick(['-1', '999999', '1e9', 'x', ''])}</v></c>`;
    case 1:
      return `<c${refAttr}${style} t="inlineStr"><is><t>${escapeXml(cellText(r))}</t></is></c>`;
    case 2:
      return `<c${refAttr}${style} t="${r.chance(weird) ? r.pick(['d', 'zzz', '']) : r.pick(['b', 'e', 'str', 'n'])}"><v>${escapeXml(cellText(r))}</v></c>`;
    case 3:
      return `<c${refAttr}${style}><f>SUM(A1:A2)</f><v>${r.next() * 100}</v></c>`;
    case 4:
      return `<c${refAttr}${style}/>`;
    default:
      return `<c${refAttr}${style}><v>${r.chance(0.9) ? (r.next() * 1e5 - 5e4).toFixed(3) : r.pick(['1e400', 'NaN', '', '--1', '&#0;'])}</v></c>`;
  }
}

function mutatedSheetXml(r: Random): Omit<FuzzFile, 'family'> {
  const strings = Array.from({ length: r.int(0, 30) }, () => cellText(r));
  const rows: string[] = [];
  const rowCount = r.chance(0.05) ? r.int(500, 3000) : r.int(0, 40);
  const cols = r.int(1, 10);
  // SheetJS drops a whole sheet over one odd cell, so half the sheets are kept plain but for rare oddities.
  const weird = r.chance(0.5) ? 0.002 : 0.2;
  for (let i = 1; i <= rowCount; i++) {
    const rowRef = !r.chance(weird / 2) ? ` r="${i}"` : r.chance(0.5) ? '' : ` r="${r.pick(ROW_REFS)}"`;
    const cells = Array.from({ length: cols }, (_, c) => cellXml(r, i, c, strings.length, weird)).join('');
    rows.push(`<row${rowRef}>${cells}</row>`);
  }
  if (r.chance(0.3)) rows.splice(r.int(0, rows.length), 0, `<row r="${r.pick(ROW_REFS)}">${cellXml(r, r.int(1, 9), r.int(0, 20000), strings.length)}</row>`);
  let sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${r.chance(0.6) ? '' : `<dimension ref="${r.pick(['A1', 'A1:XFD1048576', 'A1:AAAAAAA99999999', '', 'Z9:A1', 'A0'])}"/>`}${r.chance(0.1) ? `<cols><col min="1" max="${r.pick(['16384', '99999999', '1'])}" width="9"/></cols>` : ''}<sheetData>${rows.join('')}</sheetData>${r.chance(0.1) ? `<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>` : ''}</worksheet>`;
  if (r.chance(0.2)) sheet = new TextDecoder().decode(mutateBytes(r, strToU8(sheet), r.int(1, 4)));
  const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings
    .map((s) => (r.chance(0.1) ? `<si><r><t>${escapeXml(s)}</t></r><rPh><t>x</t></si>` : `<si><t>${escapeXml(s)}</t></si>`))
    .join('')}</sst>`;
  const styles = `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="${r.pick(['yyyy-mm-dd', '0.00', '[h]:mm', '"x"@', '[[[[', 'd'.repeat(200)])}"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="${r.pick(['164', '999', '-1'])}"/></cellXfs></styleSheet>`;
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '</Types>',
    ),
    '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${r.chance(0.1) ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="${r.pick(['Sheet1', 'a&amp;b', '', '__proto__'])}" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${r.chance(0.95) ? 'worksheets/sheet1.xml' : '../../etc/passwd'}"/></Relationships>`),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
  };
  if (r.chance(0.9)) files['xl/sharedStrings.xml'] = strToU8(sst);
  if (r.chance(0.7)) files['xl/styles.xml'] = strToU8(styles);
  let bytes: Uint8Array = zipSync(files, { level: r.pick([0, 6]) as 0 | 6 });
  if (r.chance(0.1)) bytes = mutateBytes(r, bytes, r.int(1, 3));
  return { name: 'sheet.xlsx', bytes };
}

function sheetJsBook(r: Random): Omit<FuzzFile, 'family'> {
  const rows = Array.from({ length: r.int(0, 60) }, () => Array.from({ length: r.int(1, 8) }, () => (r.chance(0.5) ? r.next() * 100 : cellText(r))));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), 'S');
  const type = r.pick(['xlsx', 'xls', 'ods'] as const);
  let bytes: Uint8Array = new Uint8Array(XLSX.write(book, { type: 'buffer', bookType: type === 'xls' ? 'biff8' : type }) as Buffer);
  if (r.chance(0.5)) bytes = mutateBytes(r, bytes, r.int(1, 6));
  return { name: `book.${type}`, bytes };
}

function jsonRecords(r: Random): Omit<FuzzFile, 'family'> {
  const keys = Array.from({ length: r.int(1, 8) }, (_, i) => (r.chance(0.1) ? r.pick(['__proto__', 'constructor', '', 'a.b', '💥']) : `k${i}`));
  const value = (depth: number): unknown => {
    switch (r.int(0, 7)) {
      case 0:
        return r.next() * 1e6;
      case 1:
        return cellText(r);
      case 2:
        return r.chance(0.5);
      case 3:
        return null;
      case 4:
        return depth < 4 ? { x: value(depth + 1) } : 1;
      case 5:
        return depth < 4 ? [value(depth + 1), value(depth + 1)] : 2;
      default:
        return r.int(-50, 50);
    }
  };
  const records = Array.from({ length: r.int(0, 80) }, () => Object.fromEntries(keys.filter(() => r.chance(0.9)).map((k) => [k, value(0)])));
  let text = JSON.stringify(r.chance(0.9) ? records : { records });
  if (r.chance(0.15)) {
    const depth = r.pick([50, 99, 100, 101, 1000, 5000, 100000]);
    text = `[{"a": 1, "b": ${'['.repeat(depth)}${']'.repeat(depth)}}]`;
  }
  if (r.chance(0.1)) text = text.slice(0, r.int(0, text.length));
  return { name: 'records.json', bytes: strToU8(text) };
}

function sizeExtreme(r: Random): Omit<FuzzFile, 'family'> {
  switch (r.int(0, 7)) {
    case 0:
      return { name: 'empty.csv', bytes: new Uint8Array(0) };
    case 1:
      return { name: 'one.csv', bytes: r.bytes(1) };
    case 2:
      return { name: 'longline.csv', bytes: strToU8('a,b\n' + 'x'.repeat(r.int(1, 4) * 1_000_000) + ',1\n') };
    case 3:
      return { name: 'wide.csv', bytes: strToU8(Array.from({ length: r.int(4000, 20000) }, (_, i) => `c${i}`).join(',') + '\n' + '1,'.repeat(100) + '\n') };
    case 4:
      return { name: 'tall.csv', bytes: strToU8('x\n' + '1\n'.repeat(r.int(50_000, 300_000))) };
    case 5:
      return { name: 'newlines.csv', bytes: strToU8('\n'.repeat(r.int(1, 1_000_000))) };
    case 6:
      return { name: 'quote.csv', bytes: strToU8('a,b\n"' + 'q'.repeat(r.int(1000, 2_000_000))) };
    default:
      return { name: 'noise.xlsx', bytes: Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...r.bytes(r.int(10, 5000))]) };
  }
}

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
