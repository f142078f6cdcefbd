// Splits delimited text into records, chunk by chunk, following RFC 4180 quoting: fields in double
// quotes may hold delimiters, newlines and doubled quotes. We use our own small tokenizer rather
// than papaparse because papaparse, after an unbalanced quote, silently merges the rest of the file
// into one field and reports rows relative to its chunk; here a quote that is never closed, or text
// after a closing quote, is an error that names the line where the record started.

export type RecordHandler = (fields: string[], line: number) => void;

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/** A single record larger than this is an unclosed quote swallowing the file, not real data. */
const MAX_RECORD_CHARS = 16 * 1024 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvTokenizer {
  private pending = '';
  private line = 1;
  private readonly delim: number;

  constructor(
    delimiter: string,
    private readonly onRecord: RecordHandler,
  ) {
    if (delimiter.length !== 1) throw new Error(`delimiter must be one character, got "${delimiter}"`);
    this.delim = delimiter.charCodeAt(0);
  }

  write(chunk: string): void {
    const text = this.pending === '' ? chunk : this.pending + chunk;
    const used = this.parse(text, false);
    this.pending = used === text.length ? '' : text.slice(used);
    if (this.pending.length > MAX_RECORD_CHARS) {
      throw new CsvSyntaxError(
        `a quoted field starting at line ${this.line} runs on for more than ${MAX_RECORD_CHARS / 1024 / 1024} M characters — a quote is probably never closed`,
        this.line,
      );
    }
  }

  end(): void {
    if (this.pending !== '') this.parse(this.pending, true);
    this.pending = '';
  }

  /** Emits every complete record in `text`; returns how many characters were consumed. */
  private parse(text: string, final: boolean): number {
    const n = text.length;
    const delim = this.delim;
    let i = 0;
    while (i < n) {
      const recordStart = i;
      const startLine = this.line;
      let newlines = 0;
      const fields: string[] = [];
      let complete = false;
      for (;;) {
        let field: string;
        if (text.charCodeAt(i) === QUOTE) {
          let parts = '';
          let j = i + 1;
          let closed = -1;
          for (;;) {
            const k = text.indexOf('"', j);
            if (k < 0) break;
            if (k + 1 < n && text.charCodeAt(k + 1) === QUOTE) {
              parts += text.slice(j, k + 1);
              j = k + 2;
              continue;
            }
            if (k + 1 === n && !final) break; // the next chunk may start with the second quote
            parts += text.slice(j, k);
            closed = k;
            break;
          }
          if (closed < 0) {
            if (!final) return recordStart;
            throw new CsvSyntaxError(`the quote opened at line ${startLine + newlines} is never closed`, startLine + newlines);
          }
          newlines += countNewlines(parts);
          field = parts;
          i = closed + 1;
          const next = i < n ? text.charCodeAt(i) : -1;
          if (next !== -1 && next !== delim && next !== LF && next !== CR) {
            throw new CsvSyntaxError(
              `unexpected text after a closing quote at line ${startLine + newlines} (a quote inside a field must be doubled: "")`,
              startLine + newlines,
            );
          }
        } else {
          let k = i;
          while (k < n) {
            const c = text.charCodeAt(k);
            if (c === delim || c === LF || c === CR) break;
            k++;
          }
          field = text.slice(i, k);
          i = k;
        }
        fields.push(field);
        if (i >= n) {
          if (!final) return recordStart;
          complete = true;
          break;
        }
        const c = text.charCodeAt(i);
        if (c === delim) {
          i++;
          if (i >= n && !final) return recordStart;
          if (i >= n) {
            fields.push('');
            complete = true;
            break;
          }
          continue;
        }
        // End of record: \n, \r\n or a lone \r (old Mac files).
        if (c === CR) {
          if (i + 1 >= n && !final) return recordStart;
          i += i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
        } else {
          i++;
        }
        complete = true;
        break;
      }
      if (complete) {
        this.line = startLine + newlines + 1;
        this.onRecord(fields, startLine);
      }
    }
    return n;
  }
}

function countNewlines(text: string): number {
  let count = 0;
  let at = text.indexOf('\n');
  while (at >= 0) {
    count++;
    at = text.indexOf('\n', at + 1);
  }
  return count;
}
