// Writes rows that other tools open: CSV (papaparse) or XLSX (SheetJS). Text that a spreadsheet
// would run as a formula — starting with = + - @, tab, CR or LF — gets a leading apostrophe;
// numbers stay numbers. This is the one writer every face uses (file, CLI stdout, the UI's
// download), header cells included.
import Papa from 'papaparse';
import * as XLSX from '@e965/xlsx';
import path from 'node:path';
import { RegulaError } from '../errors';
import { writeFileAtomic } from '../store/atomicFile';
import type { Cell } from './predict';

/**
 * Characters a spreadsheet may skip or not show before a formula: all whitespace (NBSP, the BOM
 * U+FEFF and the other Unicode spaces are in \s), zero-width and joiner characters, soft hyphen,
 * and bidirectional marks. A zero-width space before `=` once passed the check unchanged.
 */
const FORMULA_START = /^[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*[=+\-@\t\r\n]/;

export function neutralizeFormula(cell: Cell): Cell {
  return typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** CSV text (RFC 4180, CRLF) with formula-like text neutralized. */
export function toCsv(header: string[], rows: Cell[][], delimiter = ','): string {
  return Papa.unparse({ fields: header.map((h) => neutralizeFormula(h) as string), data: rows.map((r) => r.map(neutralizeFormula)) }, { delimiter, newline: '\r\n' }) + '\r\n';
}

export async function writeTable(file: string, header: string[], rows: Cell[][]): Promise<void> {
  const safeHeader = header.map((h) => neutralizeFormula(h) as string);
  const safeRows = rows.map((r) => r.map(neutralizeFormula));
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') {
    const sheet = XLSX.utils.aoa_to_sheet([safeHeader, ...safeRows]);
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, 'Predictions');
    await writeFileAtomic(file, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array);
    return;
  }
  if (ext !== '.csv' && ext !== '.tsv' && ext !== '.txt') {
    throw new RegulaError('bad-output', `Cannot write ${path.basename(file)}: use a .csv, .tsv or .xlsx file name.`, { file });
  }
  await writeFileAtomic(file, toCsv(header, rows, ext === '.csv' ? ',' : '\t'));
}
