// @ts-check
// A sheet's filled cells in the compact form the workbook worker sends to the main thread: typed
// arrays (moved, not copied, by postMessage) and one list of texts, instead of an array per row —
// structured-cloning 100,000 row arrays cost the main thread more than reading them.
// Plain JavaScript so the workbook worker can load it without a TypeScript loader.

/** @typedef {string | number | boolean | null} Cell */

const NUMBER = 1;
const TEXT = 2;
const TRUE = 3;
const FALSE = 4;

/**
 * Collects cells row by row (rows ascending, columns ascending within a row). As the SheetJS path
 * always did: a row with no value other than null or '' is dropped, a row ends at its last such
 * value, and holes read as null.
 */
export class SheetCells {
  rowCount = 0;
  /** @type {number[]} */ rowNumbers = [];
  /** @type {number[]} */ rowEnds = [];
  /** @type {string[]} */ texts = [];
  columns = new Int32Array(1024);
  kinds = new Uint8Array(1024);
  numbers = new Float64Array(1024);
  cellCount = 0;
  row = -1;
  rowStartCell = 0;
  /** Cells (and texts) of the open row up to and including its last filled one. */
  filledEnd = 0;
  textsAtFilledEnd = 0;

  /** @param {number} row 0-based sheet row @param {number} column 0-based @param {Cell} value */
  cell(row, column, value) {
    if (value === null) return;
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
  closeRow() {
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

  finish() {
    this.closeRow();
  }

  grow() {
    const size = this.columns.length * 2;
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
  toMessage() {
    const n = this.cellCount;
    const message = {
      rowNumbers: Int32Array.from(this.rowNumbers),
      rowEnds: Int32Array.from(this.rowEnds),
      columns: this.columns.slice(0, n),
      kinds: this.kinds.slice(0, n),
      numbers: this.numbers.slice(0, n),
      texts: this.texts,
    };
    return { message, transfer: [message.rowNumbers.buffer, message.rowEnds.buffer, message.columns.buffer, message.kinds.buffer, message.numbers.buffer] };
  }
}

/**
 * Rows back from the message, one at a time.
 * @param {ReturnType<SheetCells['toMessage']>['message']} m
 * @param {(cells: Cell[], rowNumber: number) => void} onRow
 */
export function forEachRow(m, onRow) {
  let at = 0;
  let text = 0;
  for (let r = 0; r < m.rowEnds.length; r++) {
    const end = /** @type {number} */ (m.rowEnds[r]);
    /** @type {Cell[]} */
    const cells = new Array(/** @type {number} */ (m.columns[end - 1]) + 1).fill(null);
    for (; at < end; at++) {
      const kind = m.kinds[at];
      const c = /** @type {number} */ (m.columns[at]);
      cells[c] = kind === NUMBER ? /** @type {number} */ (m.numbers[at]) : kind === TEXT ? /** @type {string} */ (m.texts[text++]) : kind === TRUE;
    }
    onRow(cells, /** @type {number} */ (m.rowNumbers[r]));
  }
}
