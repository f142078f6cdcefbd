// @ts-check
// Runs in a worker thread: reads one workbook (XLSX, XLS, ODS) with SheetJS CE and sends back the
// chosen sheet's rows as plain cells. A workbook parser can take seconds and much memory on a bad
// file; in a worker it can be stopped (cancel, memory cap) without harming the app.
// Plain JavaScript so it starts under Node, tsx, vitest and Electron alike.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from '@e965/xlsx';
import { checkZip } from './zipGuard.mjs';

/** @typedef {string | number | boolean | null} Cell */

const MS_PER_DAY = 86_400_000;
// Serial day 25569 is 1970-01-01 in the 1900 date system (Excel's fake 29 Feb 1900 included).
const UNIX_EPOCH_SERIAL = 25569;

/** @param {{ filePath: string, kind: 'zip' | 'ole', sheet?: string }} job */
async function run(job) {
  const bytes = await readFile(job.filePath);
  let format = job.kind === 'ole' ? 'xls' : 'xlsx';
  if (job.kind === 'zip') {
    const { entries, problem } = checkZip(bytes);
    if (problem) return { ok: false, code: problem.code, message: problem.message };
    if (entries.includes('content.xml') && entries.includes('mimetype')) format = 'ods';
    else if (!entries.some((e) => e.startsWith('xl/'))) {
      return { ok: false, code: 'not-a-workbook', message: 'is a zip file but not an Excel or OpenDocument workbook' };
    }
  }
  parentPort?.postMessage({ progress: 0.3 });
  /** @type {import('@e965/xlsx').WorkBook} */
  let workbook;
  try {
    // dense: rows as arrays, so the sheet's claimed range (which may say A1:XFD1048576 for two
    // cells) is never walked; cellDates off: date serials are converted here, in UTC.
    workbook = XLSX.read(bytes, { type: 'buffer', dense: true, cellDates: false, cellNF: true, cellFormula: false, cellHTML: false, cellStyles: false, WTF: false });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (/password|encrypt/i.test(text)) return { ok: false, code: 'password-protected', message: 'is password-protected; remove the password in your spreadsheet program and save it again' };
    return { ok: false, code: 'workbook-unreadable', message: `cannot be read as a workbook (${text})` };
  }
  parentPort?.postMessage({ progress: 0.7 });
  const sheets = workbook.SheetNames.slice();
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  let name = job.sheet;
  if (name !== undefined && !sheets.includes(name)) {
    return { ok: false, code: 'sheet-not-found', message: `has no sheet named "${name}"; its sheets are ${sheets.map((s) => `"${s}"`).join(', ')}`, sheets };
  }
  /** @type {{ rows: Cell[][], rowNumbers: number[] } | undefined} */
  let found;
  if (name === undefined) {
    // The first sheet that holds a table (two filled rows); else the first with anything at all.
    let firstNonEmpty;
    for (const candidate of sheets) {
      const read = sheetRows(workbook.Sheets[candidate], date1904);
      if (read.rows.length >= 2) {
        name = candidate;
        found = read;
        break;
      }
      if (read.rows.length > 0 && !firstNonEmpty) firstNonEmpty = { name: candidate, read };
    }
    if (!found && firstNonEmpty) ({ name, read: found } = firstNonEmpty);
    if (!found) return { ok: false, code: 'empty-file', message: 'has no filled cells on any sheet', sheets };
  } else {
    found = sheetRows(workbook.Sheets[name], date1904);
    if (found.rows.length === 0) return { ok: false, code: 'empty-file', message: `has no filled cells on sheet "${name}"`, sheets };
  }
  return { ok: true, format, sheets, sheet: name, rows: found.rows, rowNumbers: found.rowNumbers };
}

/**
 * The filled rows of a dense sheet with their 1-based sheet row numbers; empty rows are skipped
 * and the claimed range is ignored.
 * @param {import('@e965/xlsx').WorkSheet | undefined} sheet
 * @param {boolean} date1904
 */
function sheetRows(sheet, date1904) {
  /** @type {Cell[][]} */
  const rows = [];
  /** @type {number[]} */
  const rowNumbers = [];
  /** @type {(import('@e965/xlsx').CellObject | undefined)[][] | undefined} */
  const data = sheet?.['!data'];
  if (!data) return { rows, rowNumbers };
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (!row) continue;
    /** @type {Cell[]} */
    const cells = [];
    let filled = 0;
    for (let c = 0; c < row.length; c++) {
      const value = cellValue(row[c], date1904);
      cells[c] = value;
      if (value !== null && value !== '') filled = c + 1;
    }
    if (filled === 0) continue;
    cells.length = filled;
    for (let c = 0; c < filled; c++) if (cells[c] === undefined) cells[c] = null;
    rows.push(cells);
    rowNumbers.push(r + 1);
  }
  return { rows, rowNumbers };
}

/**
 * @param {import('@e965/xlsx').CellObject | undefined} cell
 * @param {boolean} date1904
 * @returns {Cell}
 */
function cellValue(cell, date1904) {
  if (!cell) return null;
  switch (cell.t) {
    case 'n': {
      const v = /** @type {number} */ (cell.v);
      if (typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) return serialToIso(v, date1904);
      return v;
    }
    case 's':
      return /** @type {string} */ (cell.v);
    case 'b':
      // pandas' ODS writer stores booleans as office:value="true" instead of office:boolean-value,
      // which SheetJS reads as false; the cell's shown text (TRUE/FALSE) is still right.
      if (typeof cell.w === 'string' && /^(true|false)$/i.test(cell.w)) return cell.w.toLowerCase() === 'true';
      return Boolean(cell.v);
    case 'd': {
      const d = /** @type {Date} */ (cell.v);
      return d instanceof Date ? isoText(d.getTime()) : String(cell.v);
    }
    default:
      // 'e' (#N/A, #DIV/0!) and 'z' (empty stub) are missing.
      return null;
  }
}

/** @param {number} serial @param {boolean} date1904 */
function serialToIso(serial, date1904) {
  const days = serial + (date1904 ? 1462 : 0) - UNIX_EPOCH_SERIAL;
  return isoText(Math.round(days * MS_PER_DAY));
}

/** Dates travel as ISO text ("2024-03-31" or "2024-03-31 14:05:00") and are parsed like CSV dates. */
function isoText(ms) {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

run(workerData)
  .then((result) => parentPort?.postMessage({ result }))
  .catch((err) => parentPort?.postMessage({ result: { ok: false, code: 'workbook-unreadable', message: `cannot be read (${err instanceof Error ? err.message : String(err)})` } }));
