// Runs in a worker thread: reads one workbook (XLSX, XLS, ODS) and sends back the chosen sheet's
// cells in a compact form (sheetCells.ts). Plain XLSX goes through our direct reader
// (xlsxSheetReader.ts); XLS, ODS and any XLSX it does not recognise through SheetJS CE. A workbook
// parser can take seconds and much memory on a bad file; in a worker it can be stopped (cancel,
// memory cap) without harming the app, and every sheet dimension is bounded here (sheetCells.ts).
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import * as XLSX from '@e965/xlsx';
import { checkCellIndex, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, SheetCells, SheetLimitError, type Cell, type SheetCellsMessage } from './sheetCells';
import { readXlsxSheets, UnsupportedWorkbook } from './xlsxSheetReader';
import { checkZip } from './zipGuard';

export interface WorkbookJob {
  filePath: string;
  kind: 'zip' | 'ole';
  sheet?: string;
  reader: 'direct' | 'sheetjs';
}

export type WorkbookReply =
  | { ok: true; format: 'xlsx' | 'xls' | 'ods'; sheets: string[]; sheet: string; cells: SheetCellsMessage }
  | { ok: false; code: string; message: string; sheets?: string[] };

type Reply = WorkbookReply & { transfer?: ArrayBuffer[] };

const MS_PER_DAY = 86_400_000;
// Serial day 25569 is 1970-01-01 in the 1900 date system (Excel's fake 29 Feb 1900 included).
const UNIX_EPOCH_SERIAL = 25569;

// The built-in number formats before any workbook adds its own (SheetJS keeps them in one table).
const BUILTIN_FORMATS: Record<number, string> = { ...XLSX.SSF.get_table() };
const FAST_RULES = { builtinFormats: BUILTIN_FORMATS, isDateFormat: (f: string) => XLSX.SSF.is_date(f), serialToIso };

async function run(job: WorkbookJob): Promise<Reply> {
  const bytes = await readFile(job.filePath);
  let format: 'xlsx' | 'xls' | 'ods' = job.kind === 'ole' ? 'xls' : 'xlsx';
  let files = new Map<string, Uint8Array>();
  if (job.kind === 'zip') {
    const check = checkZip(bytes, (name) => name.startsWith('xl/') && (name.endsWith('.xml') || name.endsWith('.rels')));
    if (check.problem) return { ok: false, code: check.problem.code, message: check.problem.message };
    const { entries } = check;
    files = check.files;
    if (entries.includes('content.xml') && entries.includes('mimetype')) format = 'ods';
    else if (!entries.some((e) => e.startsWith('xl/'))) {
      return { ok: false, code: 'not-a-workbook', message: 'is a zip file but not an Excel or OpenDocument workbook' };
    }
  }
  parentPort?.postMessage({ progress: 0.3 });
  if (format === 'xlsx' && job.reader === 'direct') {
    try {
      const fast = readXlsxSheets(files, job.sheet, FAST_RULES);
      return result(format, fast.sheets, job.sheet, fast.sheet, fast.cells);
    } catch (err) {
      if (!(err instanceof UnsupportedWorkbook)) throw err;
      // Not the plain case: SheetJS reads it below.
    }
  }
  files.clear();
  let workbook: XLSX.WorkBook;
  try {
    // dense: rows as arrays, so the sheet's claimed range (which may say A1:XFD1048576 for two
    // cells) is never walked; cellDates off: date serials are converted here, in UTC. cellText
    // off: formatting every number as its shown text cost a quarter of the parse; only ODS needs
    // it (see the 'b' case in cellValue).
    workbook = XLSX.read(bytes, {
      type: 'buffer',
      dense: true,
      cellDates: false,
      cellNF: true,
      cellText: format === 'ods',
      cellFormula: false,
      cellHTML: false,
      cellStyles: false,
      WTF: false,
      ...(job.sheet === undefined ? {} : { sheets: [job.sheet] }),
    });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    if (/password|encrypt/i.test(text)) return { ok: false, code: 'password-protected', message: 'is password-protected; remove the password in your spreadsheet program and save it again' };
    return { ok: false, code: 'workbook-unreadable', message: `cannot be read as a workbook (${text})` };
  }
  parentPort?.postMessage({ progress: 0.7 });
  const sheets = workbook.SheetNames.slice();
  const date1904 = Boolean(workbook.Workbook?.WBProps?.date1904);
  if (job.sheet !== undefined) {
    return result(format, sheets, job.sheet, sheets.includes(job.sheet) ? job.sheet : undefined, sheets.includes(job.sheet) ? sheetCells(workbook.Sheets[job.sheet], date1904) : undefined);
  }
  // The first sheet that holds a table (two filled rows); else the first with anything at all.
  let firstNonEmpty: { name: string; cells: SheetCells } | undefined;
  for (const candidate of sheets) {
    const cells = sheetCells(workbook.Sheets[candidate], date1904);
    if (cells.rowCount >= 2) return result(format, sheets, undefined, candidate, cells);
    if (cells.rowCount > 0 && !firstNonEmpty) firstNonEmpty = { name: candidate, cells };
  }
  return result(format, sheets, undefined, firstNonEmpty?.name, firstNonEmpty?.cells);
}

/** The reply for the chosen sheet, or the error an analyst should see. */
function result(format: 'xlsx' | 'xls' | 'ods', sheets: string[], wanted: string | undefined, name: string | undefined, cells: SheetCells | undefined): Reply {
  if (wanted !== undefined && !sheets.includes(wanted)) {
    return { ok: false, code: 'sheet-not-found', message: `has no sheet named "${wanted}"; its sheets are ${sheets.map((s) => `"${s}"`).join(', ')}`, sheets };
  }
  if (!cells || cells.rowCount === 0 || name === undefined) {
    const message = wanted === undefined ? 'has no filled cells on any sheet' : `has no filled cells on sheet "${wanted}"`;
    return { ok: false, code: 'empty-file', message, sheets };
  }
  const { message, transfer } = cells.toMessage();
  return { ok: true, format, sheets, sheet: name, cells: message, transfer };
}

/**
 * The filled cells of a dense sheet with their 1-based sheet row numbers; empty rows are skipped
 * and the claimed range is ignored. A sparse array's length comes from the highest cell reference
 * in the file, so both lengths are bounded before they are walked.
 */
function sheetCells(sheet: XLSX.WorkSheet | undefined, date1904: boolean): SheetCells {
  const cells = new SheetCells();
  const data = sheet?.['!data'] as (XLSX.CellObject | undefined)[][] | undefined;
  if (data) {
    if (data.length > MAX_SHEET_ROWS) checkCellIndex(data.length - 1, 0);
    for (let r = 0; r < data.length; r++) {
      const row = data[r];
      if (!row) continue;
      if (row.length > MAX_SHEET_COLUMNS) checkCellIndex(r, row.length - 1);
      for (let c = 0; c < row.length; c++) cells.cell(r, c, cellValue(row[c], date1904));
    }
  }
  cells.finish();
  return cells;
}

function cellValue(cell: XLSX.CellObject | undefined, date1904: boolean): Cell {
  if (!cell) return null;
  switch (cell.t) {
    case 'n': {
      const v = cell.v as number;
      if (typeof cell.z === 'string' && XLSX.SSF.is_date(cell.z)) return serialToIso(v, date1904);
      return v;
    }
    case 's':
      return cell.v as string;
    case 'b':
      // pandas' ODS writer stores booleans as office:value="true" instead of office:boolean-value,
      // which SheetJS reads as false; the cell's shown text (TRUE/FALSE) is still right.
      if (typeof cell.w === 'string' && /^(true|false)$/i.test(cell.w)) return cell.w.toLowerCase() === 'true';
      return Boolean(cell.v);
    case 'd': {
      const d = cell.v as unknown;
      return d instanceof Date ? isoText(d.getTime()) : String(cell.v);
    }
    default:
      // 'e' (#N/A, #DIV/0!) and 'z' (empty stub) are missing.
      return null;
  }
}

function serialToIso(serial: number, date1904: boolean): string {
  const days = serial + (date1904 ? 1462 : 0) - UNIX_EPOCH_SERIAL;
  return isoText(Math.round(days * MS_PER_DAY));
}

/** Dates travel as ISO text ("2024-03-31" or "2024-03-31 14:05:00") and are parsed like CSV dates. */
function isoText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

run(workerData as WorkbookJob)
  .then((reply) => {
    const { transfer, ...result } = reply;
    parentPort?.postMessage({ result }, transfer ?? []);
  })
  .catch((err: unknown) => {
    // A sheet past a limit is the file's fault, named as such; anything else is reported as unreadable.
    const result: WorkbookReply =
      err instanceof SheetLimitError
        ? { ok: false, code: err.code, message: err.message }
        : { ok: false, code: 'workbook-unreadable', message: `cannot be read (${err instanceof Error ? err.message : String(err)})` };
    parentPort?.postMessage({ result });
  });
