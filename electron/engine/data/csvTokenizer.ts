// Splits delimited text into records, chunk by chunk, following RFC 4180 quoting: fields in double
// quotes may hold delimiters, newlines and doubled quotes. We use our own small tokenizer rather
// than papaparse because papaparse, after an unbalanced quote, silently merges the rest of the file
// into one field and reports rows relative to its chunk; here a quote that is never closed, or text
// after a closing quote, is an error that names the line where the record started.
//
// It works on UTF-8 bytes, not decoded strings: a field is handed on as a byte range, so a number
// cell is parsed straight from the bytes and never becomes a string. UTF-8 never uses the bytes of
// `"`, `\n`, `\r` or an ASCII delimiter inside a multi-byte character, so splitting on bytes is exact.

import { plain, readPlainNumber } from './fieldBytes';

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * One record as byte ranges into `bytes`. The tokenizer reuses this object: it is valid only
 * during the callback, and `text(i)` is how a field outlives it.
 */
export interface FieldRecord {
  readonly bytes: Buffer;
  readonly count: number;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** 1 where a quoted field holds doubled quotes ("") that its text turns back into one. */
  readonly escaped: Uint8Array;
  /**
   * The number each unquoted field holds when it is a plain decimal read exactly on the way
   * (see plainNumberBytes); NaN when not decided, or while `numberDecimal` is off.
   */
  readonly values: Float64Array;
  /** 1-based line the record starts on. */
  readonly line: number;
  text(i: number): string;
}

export type RecordHandler = (record: FieldRecord) => void;

/** A single record larger than this is an unclosed quote swallowing the file, not real data. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;

class RecordFields implements FieldRecord {
  bytes: Buffer = Buffer.alloc(0);
  count = 0;
  line = 1;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  escaped = new Uint8Array(64);
  values = new Float64Array(64);

  add(start: number, end: number, escaped: number, value: number): void {
    const k = this.count;
    if (k === this.starts.length) this.grow();
    this.starts[k] = start;
    this.ends[k] = end;
    this.escaped[k] = escaped;
    this.values[k] = value;
    this.count = k + 1;
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const escaped = new Uint8Array(size);
    const values = new Float64Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    escaped.set(this.escaped);
    values.set(this.values);
    this.starts = starts;
    this.ends = ends;
    this.escaped = escaped;
    this.values = values;
  }

  text(i: number): string {
    const text = this.bytes.toString('utf8', this.starts[i]!, this.ends[i]!);
    return this.escaped[i] ? text.replaceAll('""', '"') : text;
  }
}

export class CsvTokenizer {
  /** Bytes of a record cut off by the end of the last chunk sit at the start of `work`. */
  private work: Buffer = Buffer.alloc(0);
  private pending = 0;
  private line = 1;
  private readonly delim: number;
  private readonly record = new RecordFields();
  /** Byte of the decimal separator of plain numbers to read into `values`; -1 = none. */
  numberDecimal = -1;

  constructor(
    delimiter: string,
    private readonly onRecord: RecordHandler,
  ) {
    const code = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || code > 127) throw new Error(`delimiter must be one ASCII character, got "${delimiter}"`);
    this.delim = code;
  }

  /** Feeds the next bytes; a record cut at the end of `chunk` waits for the next call. */
  write(chunk: Uint8Array): void {
    // One working buffer, reused: the caller may reuse `chunk`, and the hot loops always see a
    // Buffer (one kind of array; fields decode without a copy).
    const total = this.pending + chunk.length;
    if (total > this.work.length) {
      const work = Buffer.allocUnsafe(Math.max(total, 2 * this.work.length));
      this.work.copy(work, 0, 0, this.pending);
      this.work = work;
    }
    this.work.set(chunk, this.pending);
    const used = this.parse(this.work.subarray(0, total), false);
    this.work.copyWithin(0, used, total);
    this.pending = total - used;
    if (this.pending > MAX_RECORD_BYTES) {
      throw new CsvSyntaxError(
        `a quoted field starting at line ${this.line} runs on for more than ${MAX_RECORD_BYTES / 1024 / 1024} M characters — a quote is probably never closed`,
        this.line,
      );
    }
  }

  end(): void {
    if (this.pending > 0) this.parse(this.work.subarray(0, this.pending), true);
    this.pending = 0;
    this.work = Buffer.alloc(0);
  }

  /** Emits every complete record in `b`; returns how many bytes were consumed. */
  private parse(b: Buffer, final: boolean): number {
    const n = b.length;
    const delim = this.delim;
    const record = this.record;
    record.bytes = b;
    // Off when the decimal separator is the delimiter (then no unquoted field is such a number).
    const decimal = this.numberDecimal === delim ? -1 : this.numberDecimal;
    let i = 0;
    while (i < n) {
      const recordStart = i;
      const startLine = this.line;
      let newlines = 0;
      record.count = 0;
      for (;;) {
        if (b[i] === QUOTE) {
          let j = i + 1;
          let closed = -1;
          let escaped = 0;
          for (;;) {
            const k = b.indexOf(QUOTE, j);
            if (k < 0) break;
            if (k + 1 < n && b[k + 1] === QUOTE) {
              escaped = 1;
              j = k + 2;
              continue;
            }
            if (k + 1 === n && !final) break; // the next chunk may start with the second quote
            closed = k;
            break;
          }
          if (closed < 0) {
            if (!final) return recordStart;
            throw new CsvSyntaxError(`the quote opened at line ${startLine + newlines} is never closed`, startLine + newlines);
          }
          for (let k = i + 1; k < closed; k++) if (b[k] === LF) newlines++;
          record.add(i + 1, closed, escaped, NaN);
          i = closed + 1;
          const next = i < n ? b[i]! : -1;
          if (next !== -1 && next !== delim && next !== LF && next !== CR) {
            throw new CsvSyntaxError(
              `unexpected text after a closing quote at line ${startLine + newlines} (a quote inside a field must be doubled: "")`,
              startLine + newlines,
            );
          }
        } else {
          // A number is read while the field is scanned: one pass over the bytes, not two.
          let k = i;
          let value = NaN;
          if (decimal >= 0) {
            k = readPlainNumber(b, i, n, decimal);
            if (k < 0) k = -k - 1;
            else if (k === n || b[k] === delim || b[k] === LF || b[k] === CR) value = plain.value;
          }
          while (k < n) {
            const c = b[k]!;
            if (c === delim || c === LF || c === CR) break;
            k++;
          }
          record.add(i, k, 0, value);
          i = k;
        }
        if (i >= n) {
          if (!final) return recordStart;
          break;
        }
        const c = b[i];
        if (c === delim) {
          i++;
          if (i >= n && !final) return recordStart;
          if (i >= n) {
            record.add(n, n, 0, NaN);
            break;
          }
          continue;
        }
        // End of record: \n, \r\n or a lone \r (old Mac files).
        if (c === CR) {
          if (i + 1 >= n && !final) return recordStart;
          i += i + 1 < n && b[i + 1] === LF ? 2 : 1;
        } else {
          i++;
        }
        break;
      }
      this.line = startLine + newlines + 1;
      record.line = startLine;
      this.onRecord(record);
    }
    return n;
  }
}

/** Every record of a whole text, as strings (for samples and small inputs). */
export function splitRecords(text: string, delimiter: string, onRecord: (fields: string[], line: number) => void): void {
  const tokenizer = new CsvTokenizer(delimiter, (record) => {
    const fields: string[] = new Array<string>(record.count);
    for (let i = 0; i < record.count; i++) fields[i] = record.text(i);
    onRecord(fields, record.line);
  });
  tokenizer.write(new TextEncoder().encode(text));
  tokenizer.end();
}
