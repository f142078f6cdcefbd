// The one entry point for reading an analyst's file into a Table: picks the reader by the file's
// first bytes (a renamed file is read for what it is), then by its extension.
import { open } from 'node:fs/promises';
import path from 'node:path';
import { RegulaError } from '../errors';
import { readDelimited, type ReadResult } from './readDelimited';
import { readJsonRecords } from './readJson';
import { readWorkbook } from './readWorkbook';
import type { ImportedTable, ImportOptions } from './table';

type SourceKind = 'text' | 'zip' | 'ole' | 'json';

export async function importTable(filePath: string, options: ImportOptions = {}): Promise<ImportedTable> {
  const fileName = path.basename(filePath);
  const kind = await sniff(filePath, fileName);
  let result: ReadResult;
  if (kind === 'zip' || kind === 'ole') result = await readWorkbook(filePath, fileName, kind, options);
  else if (kind === 'json') result = await readJsonRecords(filePath, fileName, options);
  else result = await readDelimited(filePath, fileName, options);
  const { assembled, detected } = result;
  return { table: assembled.table, columns: assembled.columns, detected, warnings: assembled.warnings };
}

const WORKBOOK_EXTENSIONS = new Set(['.xlsx', '.xlsm', '.xls', '.ods']);

async function sniff(filePath: string, fileName: string): Promise<SourceKind> {
  const head = Buffer.alloc(8);
  let bytes: number;
  try {
    const handle = await open(filePath, 'r');
    try {
      bytes = (await handle.read(head, 0, 8, 0)).bytesRead;
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RegulaError('file-not-found', `${fileName} was not found (it may have been moved or deleted).`, { file: fileName });
    if (code === 'EISDIR') throw new RegulaError('not-a-file', `${fileName} is a folder, not a file.`, { file: fileName });
    if (code === 'EACCES' || code === 'EPERM') throw new RegulaError('file-access', `Regula may not read ${fileName} (permission denied).`, { file: fileName });
    throw err;
  }
  if (bytes === 0) throw new RegulaError('empty-file', `${fileName} is empty.`, { file: fileName });
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5 || head[2] === 7)) return 'zip';
  if (head.readUInt32BE(0) === 0xd0cf11e0 && bytes === 8) return 'ole';
  const ext = path.extname(fileName).toLowerCase();
  if (WORKBOOK_EXTENSIONS.has(ext)) {
    throw new RegulaError('not-a-workbook', `${fileName} is not a readable ${ext} workbook: it is damaged, truncated, or a different kind of file renamed.`, { file: fileName });
  }
  if (ext === '.json') return 'json';
  return 'text';
}
