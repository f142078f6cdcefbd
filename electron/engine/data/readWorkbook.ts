// Workbooks (XLSX, XLS, ODS) — read in a worker thread behind a zip pre-check (see workbookWorker).
import { RegulaError } from '../errors';
import type { ReadResult } from './readDelimited';
import type { ImportOptions } from './table';

export async function readWorkbook(_filePath: string, fileName: string, _kind: 'zip' | 'ole', _options: ImportOptions): Promise<ReadResult> {
  throw new RegulaError('not-implemented', `${fileName}: workbook import is not available yet.`, { file: fileName });
}
