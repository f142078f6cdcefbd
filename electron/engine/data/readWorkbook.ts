// Workbooks (XLSX, XLS, ODS): parsed by SheetJS CE in a worker thread (workbookWorker.mjs) behind
// a zip pre-check, with a memory cap, so a hostile or huge file is refused or cancelled without
// taking the app down. The rows it sends back go through the same TableAssembler as CSV.
import { stat } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import type { DetectedFormat } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { forEachRow, type SheetCellsMessage } from './sheetCells.mjs';
import type { ReadResult } from './readDelimited';
import { TableAssembler } from './tableAssembler';
import type { ImportOptions } from './table';

/** Workbooks are parsed whole in memory; larger files should be exported as CSV. */
export const MAX_WORKBOOK_BYTES = 200 * 1024 * 1024;
/** Heap the worker may use; beyond it the worker stops with an out-of-memory error we report. */
const WORKER_HEAP_MB = 3072;

type WorkerResult =
  | { ok: true; format: 'xlsx' | 'xls' | 'ods'; sheets: string[]; sheet: string; cells: SheetCellsMessage }
  | { ok: false; code: string; message: string; sheets?: string[] };

/** Which reader the worker uses for XLSX: ours, or SheetJS for everything (tests compare them). */
export type XlsxReader = 'direct' | 'sheetjs';

export async function readWorkbook(filePath: string, fileName: string, kind: 'zip' | 'ole', options: ImportOptions, reader: XlsxReader = 'direct'): Promise<ReadResult> {
  const place = { file: fileName };
  const { size } = await stat(filePath);
  if (size > MAX_WORKBOOK_BYTES) {
    throw new RegulaError('file-too-large', `${fileName} is ${Math.round(size / 1048576)} MB; workbooks may be at most ${MAX_WORKBOOK_BYTES / 1048576} MB (the limit MAX_WORKBOOK_BYTES). Save the sheet as CSV to import it.`, place);
  }
  const result = await runWorker(filePath, fileName, kind, options, reader);
  if (!result.ok) throw new RegulaError(result.code, `${fileName} ${result.message}.`, place);

  options.onProgress?.(0.8);
  const assembler = new TableAssembler({
    fileName,
    sheet: result.sheet,
    headerRow: options.headerRow,
    notation: options.decimal ? { decimal: options.decimal, thousands: options.decimal === ',' ? '.' : ',' } : undefined,
    expectedRows: result.cells.rowNumbers.length,
    missingMarkers: options.missingMarkers,
  });
  forEachRow(result.cells, (cells, rowNumber) => assembler.push(cells, rowNumber));
  const assembled = assembler.finish();
  options.onProgress?.(1);
  const detected: DetectedFormat = {
    format: result.format,
    headerRow: assembled.headerRow,
    sheet: result.sheet,
    sheets: result.sheets,
    decimal: assembled.notation.decimal,
  };
  if (assembled.notation.thousands) detected.thousands = assembled.notation.thousands;
  return { assembled, detected };
}

function runWorker(filePath: string, fileName: string, kind: 'zip' | 'ole', options: ImportOptions, reader: XlsxReader): Promise<WorkerResult> {
  const place = { file: fileName };
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return reject(new RegulaError('cancelled', `Reading ${fileName} was cancelled.`, place));
    const worker = new Worker(new URL('./workbookWorker.mjs', import.meta.url), {
      workerData: { filePath, kind, sheet: options.sheet, reader },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 256 },
    });
    let settled = false;
    const finish = (action: () => void) => {
      if (settled) return;
      settled = true;
      options.signal?.removeEventListener('abort', onAbort);
      action();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(new RegulaError('cancelled', `Reading ${fileName} was cancelled.`, place)));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: { progress?: number; result?: WorkerResult }) => {
      if (message.progress !== undefined) options.onProgress?.(message.progress * 0.8);
      if (message.result) {
        const result = message.result;
        finish(() => resolve(result));
      }
    });
    worker.on('error', (err: Error & { code?: string }) => {
      const outOfMemory = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
      finish(() =>
        reject(
          outOfMemory
            ? new RegulaError('file-too-large', `${fileName} needs more than ${WORKER_HEAP_MB} MB of memory to read as a workbook; save the sheet as CSV to import it.`, place)
            : new RegulaError('workbook-unreadable', `${fileName} cannot be read as a workbook (${err.message}).`, place),
        ),
      );
    });
    worker.on('exit', (code) => finish(() => reject(new RegulaError('workbook-unreadable', `${fileName} could not be read: the reader stopped (exit code ${code}).`, place))));
  });
}
