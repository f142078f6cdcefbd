// JSON files holding an array of records ([{"x": 1, "y": "a"}, …]): columns are the keys in the
// order they first appear; nested values are kept as their JSON text.
import { readFile, stat } from 'node:fs/promises';
import type { DetectedFormat } from '../../../shared/domain';
import { RegulaError } from '../errors';
import type { SourceCell } from './columnKind';
import type { ReadResult } from './readDelimited';
import { TableAssembler } from './tableAssembler';
import type { ImportOptions } from './table';

/** JSON is parsed whole; beyond this size a CSV export is the better route. */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

export async function readJsonRecords(filePath: string, fileName: string, options: ImportOptions): Promise<ReadResult> {
  const place = { file: fileName };
  const { size } = await stat(filePath);
  if (size > MAX_JSON_BYTES) {
    throw new RegulaError('file-too-large', `${fileName} is ${Math.round(size / 1048576)} MB; JSON files are read whole and may be at most ${MAX_JSON_BYTES / 1048576} MB. Save it as CSV instead.`, place);
  }
  let records: unknown;
  try {
    records = JSON.parse(new TextDecoder('utf-8').decode(await readFile(filePath)));
  } catch (err) {
    throw new RegulaError('json-syntax', `${fileName} is not valid JSON: ${(err as Error).message}`, place);
  }
  if (!Array.isArray(records) || records.length === 0 || !records.every(isRecord)) {
    throw new RegulaError('json-shape', `${fileName} must hold a non-empty array of records, like [{"x": 1, "y": "a"}, …].`, place);
  }
  const names: string[] = [];
  const index = new Map<string, number>();
  for (const record of records) {
    for (const key of Object.keys(record)) {
      if (!index.has(key)) {
        index.set(key, names.length);
        names.push(key);
      }
    }
  }
  // The header is the key list, fed as the first row so naming and limits work as for sheets.
  const assembler = new TableAssembler({ fileName, headerRow: 1, expectedRows: records.length, missingMarkers: options.missingMarkers });
  assembler.push(names, 1);
  records.forEach((record, i) => {
    const cells: SourceCell[] = new Array<SourceCell>(names.length).fill(null);
    for (const [key, value] of Object.entries(record)) cells[index.get(key)!] = toCell(value);
    // Record i is "row i + 1" of the data, shown as row i + 2 counting the key row like a header.
    assembler.push(cells, i + 2);
    if (i % 10000 === 0 && options.signal?.aborted) throw new RegulaError('cancelled', `Reading ${fileName} was cancelled.`, place);
  });
  const assembled = assembler.finish();
  const detected: DetectedFormat = { format: 'json', encoding: 'utf-8', headerRow: 1 };
  options.onProgress?.(1);
  return { assembled, detected };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toCell(value: unknown): SourceCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
