// The one formula-neutralizing CSV text writer, shared by the engine (prediction files, exports,
// CLI stdout — see electron/engine/export/writeTable.ts) and the page (chart data downloads,
// "Copy coefficients"). A text cell a spreadsheet would run as a formula — starting with
// = + - @, tab, CR or LF — gets a leading apostrophe, as OWASP recommends; numbers stay numbers.
// Pure text: no Node or DOM API, so both sides use the very same code.
import Papa from 'papaparse';

export type CsvCell = string | number | null;

/**
 * Characters a spreadsheet may skip or not show before a formula: all whitespace (NBSP, the BOM
 * U+FEFF and the other Unicode spaces are in \s), zero-width and joiner characters, soft hyphen,
 * and bidirectional marks. A zero-width space before `=` once passed the check unchanged.
 */
const FORMULA_START = /^[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*[=+\-@\t\r\n]/;

export function neutralizeFormula<T extends CsvCell>(cell: T): T {
  return (typeof cell === 'string' && FORMULA_START.test(cell) ? `'${cell}` : cell) as T;
}

/** CSV text (RFC 4180, CRLF) with formula-like text neutralized; '\t' gives text that pastes into Excel. */
export function toCsv(header: string[], rows: CsvCell[][], delimiter = ','): string {
  return Papa.unparse({ fields: header.map((h) => neutralizeFormula(h)), data: rows.map((r) => r.map(neutralizeFormula)) }, { delimiter, newline: '\r\n' }) + '\r\n';
}

/** CSV lines for rows (no header), each ending in CRLF, neutralized as toCsv does: toCsv(h, r) equals csvLines([h]) + csvLines(r). */
export function csvLines(rows: CsvCell[][], delimiter = ','): string {
  if (rows.length === 0) return '';
  return Papa.unparse(rows.map((r) => r.map(neutralizeFormula)), { delimiter, newline: '\r\n' }) + '\r\n';
}
