// Writes rows that other tools open: CSV (papaparse) or XLSX (SheetJS). Text that a spreadsheet
// would run as a formula — starting with = + - @, tab, CR or LF — gets a leading apostrophe;
// numbers stay numbers. This is the one writer every face uses (file, CLI stdout, the UI's
// download), header cells included.
import path from 'node:path';
import { csvLines, neutralizeFormula, toCsv } from '../../../shared/csvText';
import { RegulaError } from '../errors';
import { openAtomicStream, writeFileAtomic } from '../store/atomicFile';
import { loadSheetJs } from './lazyLibraries';
import type { Cell } from './predict';

// The CSV text itself lives in shared/ so the page's downloads use the very same code.
export { csvLines, neutralizeFormula, toCsv };

export async function writeTable(file: string, header: string[], rows: Cell[][]): Promise<void> {
  const safeHeader = header.map((h) => neutralizeFormula(h) as string);
  const safeRows = rows.map((r) => r.map(neutralizeFormula));
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') {
    const XLSX = await loadSheetJs();
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

/** Rows written a block at a time; nothing appears at the file's name before `close()`. */
export interface TableWriter {
  write(rows: Cell[][]): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}

/** Excel's last row is 1,048,576, one of which is the header. */
export const XLSX_MAX_DATA_ROWS = 1_048_575;

/**
 * A writer for a table too large to hold as one string: CSV/TSV go to disk block by block (temp
 * file, renamed into place on close). An .xlsx is one zip that SheetJS builds whole, so its rows
 * are kept until close — bounded by Excel's own row limit, which is refused by name.
 */
export async function openTableWriter(file: string, header: string[]): Promise<TableWriter> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.xlsx') {
    const rows: Cell[][] = [];
    return {
      async write(block) {
        if (rows.length + block.length > XLSX_MAX_DATA_ROWS) {
          throw new RegulaError('too-many-rows', `${path.basename(file)}: an Excel sheet holds at most ${XLSX_MAX_DATA_ROWS.toLocaleString('en-US')} rows below its header; write a .csv instead.`, { file });
        }
        for (const row of block) rows.push(row);
      },
      close: () => writeTable(file, header, rows),
      async abort() {
        rows.length = 0;
      },
    };
  }
  if (ext !== '.csv' && ext !== '.tsv' && ext !== '.txt') {
    throw new RegulaError('bad-output', `Cannot write ${path.basename(file)}: use a .csv, .tsv or .xlsx file name.`, { file });
  }
  const delimiter = ext === '.csv' ? ',' : '\t';
  const stream = await openAtomicStream(file);
  await stream.write(csvLines([header], delimiter));
  return {
    write: (block) => stream.write(csvLines(block, delimiter)),
    close: () => stream.commit(),
    abort: () => stream.abort(),
  };
}
