// A direct reader for the common XLSX case: one pass over the chosen sheet's XML bytes, cells
// written straight into the compact form the worker sends back (see sheetCells.ts). SheetJS builds
// an object per cell and scans each row with regular expressions; on a 100,000-row sheet that was
// three quarters of the import. Anything this reader does not recognise (strict OOXML, a
// chartsheet, cells out of order, 't="d"' cells…) throws UnsupportedWorkbook and the worker falls
// back to SheetJS, which stays the reference: tests compare both on every fixture.

import { SheetCells } from './sheetCells';
import { dateStyles, sharedStrings, startTags, stringItem, unescapeXml, utf8 } from './xlsxParts';

export class UnsupportedWorkbook extends Error {}

export interface XlsxRules {
  builtinFormats: Record<number, string>;
  isDateFormat: (format: string) => boolean;
  serialToIso: (serial: number, date1904: boolean) => string;
}

const LT = 60;
const GT = 62;
const SLASH = 47;
const QUOTE = 34;
const APOSTROPHE = 39;

/**
 * The chosen sheet's cells: the one named, else the first sheet that holds a table (two filled
 * rows), else the first with anything in it — the same choice the SheetJS path makes.
 * `files` are the workbook's xl/ parts, inflated; `wanted` the sheet the analyst chose, if any.
 */
export function readXlsxSheets(files: Map<string, Uint8Array>, wanted: string | undefined, rules: XlsxRules): { sheets: string[]; sheet?: string; cells?: SheetCells } {
  const workbook = files.get('xl/workbook.xml');
  const rels = files.get('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new UnsupportedWorkbook('no xl/workbook.xml');
  const workbookXml = utf8(workbook);
  if (workbookXml.includes('purl.oclc.org/ooxml')) throw new UnsupportedWorkbook('strict OOXML');
  const targets = new Map<string, { target: string; worksheet: boolean }>();
  for (const rel of startTags(utf8(rels), 'Relationship')) {
    if (!rel.Id || !rel.Target) continue;
    const target = rel.Target.startsWith('/') ? rel.Target.slice(1) : `xl/${rel.Target}`;
    targets.set(rel.Id, { target, worksheet: /\/worksheet$/.test(rel.Type ?? '') });
  }
  const sheets = startTags(workbookXml, 'sheet').map((s) => ({ name: unescapeXml(s.name ?? ''), rel: targets.get(s.id ?? '') }));
  const names = sheets.map((s) => s.name);
  const candidates = wanted === undefined ? sheets : sheets.filter((s) => s.name === wanted);
  if (candidates.length === 0) return { sheets: names };
  const pr = startTags(workbookXml, 'workbookPr')[0];
  const date1904 = pr !== undefined && (pr.date1904 === '1' || pr.date1904 === 'true');
  const strings = sharedStrings(files.get('xl/sharedStrings.xml'));
  const isDateStyle = dateStyles(files.get('xl/styles.xml'), rules.builtinFormats, rules.isDateFormat);
  let firstNonEmpty: { sheet: string; cells: SheetCells } | undefined;
  for (const sheet of candidates) {
    if (!sheet.rel?.worksheet) throw new UnsupportedWorkbook(`sheet ${sheet.name} is not a plain worksheet`);
    const xml = files.get(sheet.rel.target);
    if (!xml) throw new UnsupportedWorkbook(`missing ${sheet.rel.target}`);
    const cells = new SheetCells();
    readSheetData(xml, strings, isDateStyle, date1904, rules.serialToIso, cells);
    cells.finish();
    if (wanted !== undefined || cells.rowCount >= 2) return { sheets: names, sheet: sheet.name, cells };
    if (cells.rowCount > 0 && !firstNonEmpty) firstNonEmpty = { sheet: sheet.name, cells };
  }
  return { sheets: names, ...firstNonEmpty };
}

/** Start and end of the r, t and s attribute values of the last tag scanned (-1 when absent). */
const attr = { r0: -1, r1: -1, t0: -1, t1: -1, s0: -1, s1: -1 };

/**
 * One pass over <sheetData>: rows and cells in document order, each cell's value as the worker's
 * cellValue gave it from SheetJS (numbers, date serials as ISO text, shared/inline/formula strings,
 * booleans; errors and empty cells as null).
 */
function readSheetData(xml: Uint8Array, strings: string[], isDateStyle: boolean[], date1904: boolean, serialToIso: (serial: number, date1904: boolean) => string, sink: SheetCells): void {
  const bytes = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
  const n = bytes.length;
  // <sheetData>, or <x:sheetData> from writers that prefix the main namespace.
  let i = bytes.indexOf('sheetData');
  while (i > 0 && bytes[i - 1] !== LT && bytes[i - 1] !== 58) i = bytes.indexOf('sheetData', i + 1);
  if (i < 0) return;
  i = bytes.lastIndexOf(LT, i);
  let row = -1;
  let column = -1;
  for (;;) {
    while (i < n && bytes[i] !== LT) i++;
    if (i >= n) throw new UnsupportedWorkbook('sheetData is not closed');
    const tagEnd = endOfTag(bytes, i, n);
    if (bytes[i + 1] === SLASH) {
      if (nameIs(bytes, i + 2, tagEnd, SHEET_DATA)) return;
      i = tagEnd + 1;
      continue;
    }
    if (nameIs(bytes, i + 1, tagEnd, ROW)) {
      scanAttributes(bytes, i, tagEnd);
      const r = attr.r0 < 0 ? row + 2 : digits(bytes, attr.r0, attr.r1);
      if (!(r - 1 > row)) throw new UnsupportedWorkbook('rows out of order');
      row = r - 1;
      column = -1;
      i = tagEnd + 1;
      continue;
    }
    if (!nameIs(bytes, i + 1, tagEnd, CELL)) {
      i = tagEnd + 1;
      continue;
    }
    scanAttributes(bytes, i, tagEnd);
    if (attr.r0 < 0) column++;
    else {
      let c = 0;
      let k = attr.r0;
      for (; k < attr.r1 && bytes[k]! >= 65 && bytes[k]! <= 90; k++) c = 26 * c + bytes[k]! - 64;
      if (k === attr.r0 || k - attr.r0 > 3 || digits(bytes, k, attr.r1) !== row + 1) throw new UnsupportedWorkbook('cell reference outside its row');
      if (c - 1 <= column) throw new UnsupportedWorkbook('cells out of order');
      column = c - 1;
    }
    const type = attr.t0 < 0 ? 'n' : bytes.toString('latin1', attr.t0, attr.t1);
    const style = attr.s0 < 0 ? 0 : digits(bytes, attr.s0, attr.s1);
    // The cell's content: <v> and <is> (inline string); <f> formulas are skipped, their cached <v> kept.
    let v0 = -1;
    let v1 = -1;
    let is0 = -1;
    let is1 = -1;
    i = tagEnd + 1;
    if (bytes[tagEnd - 1] !== SLASH) {
      for (;;) {
        while (i < n && bytes[i] !== LT) i++;
        if (i >= n) throw new UnsupportedWorkbook('cell is not closed');
        const end = endOfTag(bytes, i, n);
        if (bytes[i + 1] === SLASH) {
          const cellEnds = nameIs(bytes, i + 2, end, CELL);
          i = end + 1;
          if (cellEnds) break;
          continue;
        }
        if (bytes[end - 1] !== SLASH && nameIs(bytes, i + 1, end, VALUE)) {
          v0 = end + 1;
          v1 = v0;
          while (v1 < n && bytes[v1] !== LT) v1++;
          if (bytes[v1 + 1] !== SLASH) throw new UnsupportedWorkbook('markup inside <v>');
          i = v1;
          continue;
        }
        if (bytes[end - 1] !== SLASH && nameIs(bytes, i + 1, end, INLINE)) {
          is0 = end + 1;
          is1 = closeOf(bytes, is0, INLINE);
          if (is1 < 0) throw new UnsupportedWorkbook('<is> is not closed');
          i = is1;
          continue;
        }
        i = end + 1;
      }
    }
    const v = v0 >= 0 && v1 > v0 ? text(bytes, v0, v1) : undefined;
    if (attr.t0 < 0 && v === undefined) continue;
    switch (type) {
      case 'n': {
        if (v === undefined) continue;
        const value = parseFloat(v);
        sink.cell(row, column, isDateStyle[style] === true ? serialToIso(value, date1904) : value);
        break;
      }
      case 's': {
        if (v === undefined) continue;
        const shared = strings[parseInt(v, 10)];
        if (shared === undefined) throw new UnsupportedWorkbook('shared string index out of range');
        sink.cell(row, column, shared);
        break;
      }
      case 'str':
        // SheetJS unescapes a formula's string result twice; so do we, to read the same text.
        sink.cell(row, column, v === undefined ? '' : unescapeXml(v, true));
        break;
      case 'inlineStr':
        sink.cell(row, column, is0 < 0 ? '' : stringItem(utf8(bytes.subarray(is0, is1)).trim()));
        break;
      case 'b':
        sink.cell(row, column, v === '1' || v === 'true');
        break;
      case 'e':
        sink.cell(row, column, null);
        break;
      default:
        throw new UnsupportedWorkbook(`cell type ${type}`);
    }
  }
}

const SHEET_DATA = [...'sheetData'].map((c) => c.charCodeAt(0));
const ROW = [...'row'].map((c) => c.charCodeAt(0));
const CELL = [99];
const VALUE = [118];
const INLINE = [105, 115];

/** A <v> value: ASCII as is, else decoded and unescaped as SheetJS does. */
function text(bytes: Buffer, start: number, end: number): string {
  for (let k = start; k < end; k++) {
    const c = bytes[k]!;
    if (c >= 128 || c === 38 /* & */ || c === 95 /* _ */) return unescapeXml(utf8(bytes.subarray(start, end)));
  }
  return bytes.toString('latin1', start, end);
}

/** A run of ASCII digits as a number; NaN when there is anything else. */
function digits(bytes: Buffer, start: number, end: number): number {
  if (start >= end) return NaN;
  let value = 0;
  for (let k = start; k < end; k++) {
    const d = bytes[k]! - 48;
    if (d < 0 || d > 9) return NaN;
    value = value * 10 + d;
  }
  return value;
}

/** Whether the element name at `start` (any namespace prefix) is `name`. */
function nameIs(bytes: Buffer, start: number, tagEnd: number, name: number[]): boolean {
  let end = start;
  let local = start;
  while (end < tagEnd) {
    const c = bytes[end];
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === SLASH || c === GT) break;
    if (c === 58) local = end + 1;
    end++;
  }
  if (end - local !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (bytes[local + k] !== name[k]) return false;
  return true;
}

/** Records where the r, t and s attributes of the tag [start, tagEnd] are, in `attr`. */
function scanAttributes(bytes: Buffer, start: number, tagEnd: number): void {
  attr.r0 = attr.r1 = attr.t0 = attr.t1 = attr.s0 = attr.s1 = -1;
  let k = start + 1;
  while (k < tagEnd && bytes[k] !== 32 && bytes[k] !== 9 && bytes[k] !== 10 && bytes[k] !== 13) k++;
  for (;;) {
    while (k < tagEnd && (bytes[k] === 32 || bytes[k] === 9 || bytes[k] === 10 || bytes[k] === 13)) k++;
    if (k >= tagEnd || bytes[k] === SLASH) return;
    let local = k;
    while (k < tagEnd && bytes[k] !== 61 /* = */ && bytes[k] !== 32) {
      if (bytes[k] === 58) local = k + 1;
      k++;
    }
    const oneLetter = k - local === 1 ? bytes[local] : 0;
    while (k < tagEnd && bytes[k] !== QUOTE && bytes[k] !== APOSTROPHE) k++;
    const quote = bytes[k];
    const v0 = k + 1;
    k = v0;
    while (k < tagEnd && bytes[k] !== quote) k++;
    if (oneLetter === 114) [attr.r0, attr.r1] = [v0, k];
    else if (oneLetter === 116) [attr.t0, attr.t1] = [v0, k];
    else if (oneLetter === 115) [attr.s0, attr.s1] = [v0, k];
    k++;
  }
}

/** Index of the '>' ending the tag that starts at `i`, skipping quoted attribute values. */
function endOfTag(xml: Uint8Array, i: number, n: number): number {
  let quote = 0;
  for (let k = i + 1; k < n; k++) {
    const c = xml[k];
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === QUOTE || c === APOSTROPHE) quote = c;
    else if (c === GT) return k;
  }
  throw new UnsupportedWorkbook('tag is not closed');
}

/** Index of the '<' of the close tag of element `name`, searching from `from`. */
function closeOf(bytes: Buffer, from: number, name: number[]): number {
  let i = from;
  for (;;) {
    i = bytes.indexOf('</', i);
    if (i < 0) return -1;
    const tagEnd = bytes.indexOf(GT, i);
    if (tagEnd < 0) return -1;
    if (nameIs(bytes, i + 2, tagEnd, name)) return i;
    i = tagEnd + 1;
  }
}
