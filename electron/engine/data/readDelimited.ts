// Reads a CSV/TSV/TXT file as a stream: bytes → tokenizer → TableAssembler, one megabyte at a time,
// so a file of several hundred MB costs its typed columns, not its text. UTF-8 (the common case) is
// tokenized as it is read; other encodings are decoded with TextDecoder and re-encoded as UTF-8
// first. Reports progress, honours cancellation and refuses a file that changes meanwhile.
import { open, type FileHandle } from 'node:fs/promises';
import type { DetectedFormat } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { CsvSyntaxError, CsvTokenizer } from './csvTokenizer';
import { DELIMITERS, detectDelimiter } from './dialect';
import { plainDecimalOf } from './fieldBytes';
import { TableAssembler, type AssembledTable } from './tableAssembler';
import type { ImportOptions } from './table';
import { detectEncoding, looksBinary, normalizeEncodingName, type EncodingGuess } from './textEncoding';

const CHUNK_BYTES = 1024 * 1024;
const SAMPLE_BYTES = 64 * 1024;

export interface ReadResult {
  assembled: AssembledTable;
  detected: DetectedFormat;
}

export async function readDelimited(filePath: string, fileName: string, options: ImportOptions): Promise<ReadResult> {
  const handle = await open(filePath, 'r');
  try {
    return await readOpen(handle, fileName, options);
  } finally {
    await handle.close();
  }
}

async function readOpen(handle: FileHandle, fileName: string, options: ImportOptions): Promise<ReadResult> {
  const place = { file: fileName };
  const before = await handle.stat();
  if (before.size === 0) throw new RegulaError('empty-file', `${fileName} is empty.`, place);

  const head = Buffer.alloc(Math.min(SAMPLE_BYTES, before.size));
  await handle.read(head, 0, head.length, 0);
  const guess = chooseEncoding(head, before.size, fileName, options.encoding);
  const sample = new TextDecoder(guess.encoding).decode(head, { stream: true });
  if (looksBinary(sample)) {
    throw new RegulaError('not-text', `${fileName} does not look like a text table (it holds binary data). If it is a workbook, give it its .xlsx, .xls or .ods name.`, place);
  }
  const delimiter = chooseDelimiter(options.delimiter, sample, fileName);

  const assembler = new TableAssembler({
    fileName,
    headerRow: options.headerRow,
    notation: options.decimal ? { decimal: options.decimal, thousands: options.decimal === ',' ? '.' : ',' } : undefined,
    expectedRows: estimateRows(sample, before.size, head.length),
    warnShortRows: true,
    missingMarkers: options.missingMarkers,
    // Once the sample has decided the notation, the tokenizer reads plain numbers as it scans.
    onNotation: (notation) => (tokenizer.numberDecimal = plainDecimalOf(notation)),
  });
  const tokenizer = new CsvTokenizer(delimiter, (record) => assembler.pushRecord(record));
  // UTF-8 goes to the tokenizer as read (without its byte-order mark); TextDecoder would drop it.
  const decoder = guess.encoding === 'utf-8' ? undefined : new TextDecoder(guess.encoding);
  const buffer = Buffer.alloc(CHUNK_BYTES);
  let position = 0;
  try {
    for (;;) {
      if (options.signal?.aborted) throw new RegulaError('cancelled', `Reading ${fileName} was cancelled.`, place);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(position === 0 && !decoder ? guess.bomLength : 0, bytesRead);
      position += bytesRead;
      tokenizer.write(decoder ? Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8') : chunk);
      options.onProgress?.(Math.min(1, position / before.size));
    }
    if (decoder) tokenizer.write(Buffer.from(decoder.decode(), 'utf8'));
    tokenizer.end();
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      throw new RegulaError('csv-syntax', `${fileName}: ${err.message}.`, { file: fileName, row: err.line });
    }
    throw err;
  }
  const after = await handle.stat();
  if (position !== before.size || after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
    throw new RegulaError('file-changed', `${fileName} changed while it was being read; import it again once it is saved.`, place);
  }
  const assembled = assembler.finish();
  const detected: DetectedFormat = {
    format: 'csv',
    encoding: guess.encoding + (guess.bomLength > 0 ? ' (BOM)' : ''),
    delimiter,
    decimal: assembled.notation.decimal,
    headerRow: assembled.headerRow,
  };
  if (assembled.notation.thousands) detected.thousands = assembled.notation.thousands;
  return { assembled, detected };
}

function chooseEncoding(head: Buffer, size: number, fileName: string, forced: string | undefined): EncodingGuess {
  const guess = detectEncoding(head, head.length === size);
  if (forced === undefined) return guess;
  const encoding = normalizeEncodingName(forced);
  if (!encoding) {
    throw new RegulaError('encoding', `Unknown encoding "${forced}" for ${fileName}; use utf-8, utf-16le, utf-16be or windows-1252.`, { file: fileName });
  }
  return { encoding, bomLength: encoding === guess.encoding ? guess.bomLength : 0 };
}

function chooseDelimiter(forced: string | undefined, sample: string, fileName: string): string {
  if (forced === undefined) return detectDelimiter(sample);
  const delimiter = forced === '\\t' || forced.toLowerCase() === 'tab' ? '\t' : forced;
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new RegulaError('delimiter', `The delimiter for ${fileName} must be one character such as ${DELIMITERS.map((d) => JSON.stringify(d)).join(', ')}; got ${JSON.stringify(forced)}.`, { file: fileName });
  }
  return delimiter;
}

/** Rows to size the typed columns for up front, from the sample's line length. */
function estimateRows(sample: string, fileBytes: number, sampleBytes: number): number {
  let lines = 0;
  for (let at = sample.indexOf('\n'); at >= 0; at = sample.indexOf('\n', at + 1)) lines++;
  if (lines === 0) return 16;
  return Math.min(50_000_000, Math.ceil((fileBytes / sampleBytes) * lines * 1.05));
}
