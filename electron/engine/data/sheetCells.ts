// A sheet's filled cells in the compact form the workbook worker sends to the main thread: typed
// arrays (moved, not copied, by postMessage) and one list of texts, instead of an array per row —
// structured-cloning 100,000 row arrays cost the main thread more than reading them.
// Every index is bounded HERE, in the worker, before anything is allocated from it: a cell
// reference like `AAAAAAA2` (column 321 million) once made the main thread's row array abort the
// whole process out of memory. Excel's own limits are the bounds; a hostile sheet fails the worker
// with a named limit, never the app.
import { RegulaError } from '../errors';

export type Cell = string | number | boolean | null;

/** Excel's last column (XFD). */
export const MAX_SHEET_COLUMNS = 16_384;
/** Excel's last row. */
export const MAX_SHEET_ROWS = 1_048_576;
/**
 * Filled cells one sheet may hold: 13 bytes each in typed arrays (outside the worker's heap cap)
 * plus the table built from them; 20 million is a 1,000,000-row × 20-column sheet.
 */
export const MAX_SHEET_CELLS = 20_000_000;

export interface SheetCellsMessage {
  rowNumbers: Int32Array;
  rowEnds: Int32Array;
  columns: Int32Array;
  kinds: Uint8Array;
  numbers: Float64Array;
  texts: string[];
}

const NUMBER = 1;
const TEXT = 2;
const TRUE = 3;
const FALSE = 4;

/** A sheet that breaks one of the limits above; the worker reports it as a clear error. */
export class SheetLimitError extends RegulaError {}

/** The A1 name of a 0-based column index (for messages). */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0 && name.length < 8; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Throws unless a 0-based (row, column) lies inside Excel's grid. */
export function checkCellIndex(row: number, column: number): void {
  if (!Number.isInteger(row) || row < 0 || row >= MAX_SHEET_ROWS) {
    throw new SheetLimitError('sheet-too-large', `has a cell in row ${Number.isFinite(row) ? row + 1 : String(row)}; a sheet has at most ${MAX_SHEET_ROWS.toLocaleString('en')} rows (the limit MAX_SHEET_ROWS)`);
  }
  if (!Number.isInteger(column) || column < 0 || column >= MAX_SHEET_COLUMNS) {
    const where = Number.isFinite(column) && column >= 0 ? `column ${columnName(column)} (number ${column + 1})` : `column ${String(column)}`;
    throw new SheetLimitError('sheet-too-large', `has a cell in ${where} of row ${row + 1}; a sheet has at most ${MAX_SHEET_COLUMNS.toLocaleString('en')} columns, XFD (the limit MAX_SHEET_COLUMNS)`);
  }
}

/**
 * Collects cells row by row (rows ascending, columns ascending within a row). As the SheetJS path
 * always did: a row with no value other than null or '' is dropped, a row ends at its last such
 * value, and holes read as null.
 */
export class SheetCells {
  rowCount = 0;
  rowNumbers: number[] = [];
  rowEnds: number[] = [];
  texts: string[] = [];
  columns = new Int32Array(1024);
  kinds = new Uint8Array(1024);
  numbers = new Float64Array(1024);
  cellCount = 0;
  row = -1;
  rowStartCell = 0;
  /** Cells (and texts) of the open row up to and including its last filled one. */
  filledEnd = 0;
  textsAtFilledEnd = 0;

  /** `row` and `column` are 0-based. */
  cell(row: number, column: number, value: Cell): void {
    if (value === null) return;
    checkCellIndex(row, column);
    if (row !== this.row) {
      this.closeRow();
      this.row = row;
      this.rowStartCell = this.filledEnd = this.cellCount;
      this.textsAtFilledEnd = this.texts.length;
    }
    const k = this.cellCount;
    if (k === this.columns.length) this.grow();
    this.columns[k] = column;
    if (typeof value === 'number') {
      this.kinds[k] = NUMBER;
      this.numbers[k] = value;
    } else if (typeof value === 'boolean') {
      this.kinds[k] = value ? TRUE : FALSE;
    } else {
      this.kinds[k] = TEXT;
      this.texts.push(value);
    }
    this.cellCount = k + 1;
    if (value !== '') {
      this.filledEnd = k + 1;
      this.textsAtFilledEnd = this.texts.length;
    }
  }

  /** Keeps the open row up to its last filled cell, or drops it when nothing in it was filled. */
  closeRow(): void {
    if (this.row < 0) return;
    if (this.filledEnd > this.rowStartCell) {
      this.rowNumbers.push(this.row + 1);
      this.rowEnds.push(this.filledEnd);
      this.rowCount++;
    }
    this.cellCount = this.filledEnd;
    this.texts.length = this.textsAtFilledEnd;
    this.row = -1;
  }

  finish(): void {
    this.closeRow();
  }

  grow(): void {
    if (this.columns.length >= MAX_SHEET_CELLS) {
      throw new SheetLimitError('sheet-too-large', `has more than ${MAX_SHEET_CELLS.toLocaleString('en')} filled cells on one sheet (the limit MAX_SHEET_CELLS); save the sheet as CSV to import it`);
    }
    const size = Math.min(MAX_SHEET_CELLS, this.columns.length * 2);
    const columns = new Int32Array(size);
    columns.set(this.columns);
    this.columns = columns;
    const kinds = new Uint8Array(size);
    kinds.set(this.kinds);
    this.kinds = kinds;
    const numbers = new Float64Array(size);
    numbers.set(this.numbers);
    this.numbers = numbers;
  }

  /** The message body, and the buffers to move with it. */
  toMessage(): { message: SheetCellsMessage; transfer: ArrayBuffer[] } {
    const n = this.cellCount;
    const message: SheetCellsMessage = {
      rowNumbers: Int32Array.from(this.rowNumbers),
      rowEnds: Int32Array.from(this.rowEnds),
      columns: this.columns.slice(0, n),
      kinds: this.kinds.slice(0, n),
      numbers: this.numbers.slice(0, n),
      texts: this.texts,
    };
    const transfer = [message.rowNumbers, message.rowEnds, message.columns, message.kinds, message.numbers].map((a) => a.buffer as ArrayBuffer);
    return { message, transfer };
  }
}

/**
 * Rows back from the message, one at a time. The worker already bounded every index; they are
 * checked again because this runs on the main thread, where an unbounded row array would take
 * the whole app down rather than one worker.
 */
export function forEachRow(m: SheetCellsMessage, onRow: (cells: Cell[], rowNumber: number) => void): void {
  let at = 0;
  let text = 0;
  for (let r = 0; r < m.rowEnds.length; r++) {
    const end = m.rowEnds[r]!;
    const rowNumber = m.rowNumbers[r]!;
    const width = m.columns[end - 1]! + 1;
    checkCellIndex(rowNumber - 1, width - 1);
    const cells = new Array<Cell>(width).fill(null);
    for (; at < end; at++) {
      const kind = m.kinds[at];
      const c = m.columns[at]!;
      if (!(c >= 0 && c < width)) checkCellIndex(rowNumber - 1, c);
      cells[c] = kind === NUMBER ? m.numbers[at]! : kind === TEXT ? m.texts[text++]! : kind === TRUE;
    }
    onRow(cells, rowNumber);
  }
}
