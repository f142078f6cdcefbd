// datasets/<id>/: the source file as imported (source.<ext>), the parsed columnar table (table/)
// and dataset.json (summary, detected settings). A dataset folder is built under a temporary name
// and renamed into place, so a failed import leaves the project exactly as it was.
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DatasetSummary, SCHEMA_VERSION } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { newId } from '../random';
import { importTable } from '../data/importTable';
import { loadTable, saveTable } from '../data/tableStore';
import type { ImportOptions, Table } from '../data/table';
import { writeError } from './atomicFile';
import { startFileSha256 } from './fileHash';
import { assertWritable } from './projectLock';
import { readRecord, writeRecord } from './recordFile';
import { applyTypeOverrides } from '../prep/typeOverrides';
import type { VersionOf } from '../datasetVersions';
import { defaultTargetOf } from '../data/defaultTarget';

export const DATASETS_DIR = 'datasets';
/** An import in progress builds its folder under this prefix; recovery removes leftovers. */
export const IMPORTING_PREFIX = '.importing-';

const DatasetFile = DatasetSummary.extend({ schemaVersion: z.number().int().min(1) });

export function datasetDir(projectDir: string, datasetId: string): string {
  if (!/^[\w-]+$/.test(datasetId)) throw new RegulaError('bad-dataset-id', `Invalid dataset id: ${datasetId.slice(0, 60)}`);
  return path.join(projectDir, DATASETS_DIR, datasetId);
}

export interface ImportRequest extends ImportOptions {
  /** Name shown to the analyst (an upload's original name); defaults to the file's base name. */
  displayName?: string;
  /** Runs on the parsed summary before anything is written; throw to refuse the import. */
  check?: (summary: DatasetSummary) => void;
  /** Set when this import replaces an earlier version of the dataset (see datasetVersions). */
  version?: VersionOf;
}

export async function importDatasetInto(projectDir: string, sourcePath: string, request: ImportRequest = {}): Promise<DatasetSummary> {
  const displayName = request.displayName ?? path.basename(sourcePath);
  // Hashed on another thread while the file is parsed here (see fileHash.ts).
  const hashing = startFileSha256(sourcePath);
  let imported: Awaited<ReturnType<typeof importTable>>;
  try {
    imported = await importTable(sourcePath, request);
  } catch (err) {
    hashing.stop();
    throw err;
  }
  // A cancel can arrive after the last progress report: honour it until the dataset is in place.
  const stopIfCancelled = () => {
    if (!request.signal?.aborted) return;
    hashing.stop();
    throw new RegulaError('cancelled', `Importing ${displayName} was cancelled; nothing was added.`, { file: displayName });
  };
  stopIfCancelled();
  const id = newId('d');
  const summary: DatasetSummary = {
    id,
    name: path.basename(displayName, path.extname(displayName)),
    sourceFile: displayName,
    importedAt: new Date().toISOString(),
    rows: imported.table.rowCount,
    columns: imported.columns,
    detected: imported.detected,
    warnings: imported.warnings,
    sha256: await hashing.digest,
    ...(request.missingMarkers ? { missingMarkers: request.missingMarkers } : {}),
    ...defaultTargetOf(imported.columns),
    lineage: request.version?.lineage ?? id,
    version: request.version?.version ?? 1,
    ...(request.version ? { previousVersions: request.version.previousVersions, name: request.version.name } : {}),
    ...(request.version?.note ? { note: request.version.note } : {}),
    ...(request.version?.tags ? { tags: request.version.tags } : {}),
  };
  request.check?.(summary);
  stopIfCancelled();
  assertWritable(projectDir);
  const finalDir = datasetDir(projectDir, id);
  const tempDir = path.join(projectDir, DATASETS_DIR, `${IMPORTING_PREFIX}${id}`);
  await mkdir(tempDir, { recursive: true });
  try {
    const ext = path.extname(displayName).toLowerCase().replace(/[^.\w]/g, '') || '.dat';
    await copyFile(sourcePath, path.join(tempDir, `source${ext}`));
    stopIfCancelled();
    await saveTable(path.join(tempDir, 'table'), imported.table);
    stopIfCancelled();
    await writeRecord(path.join(tempDir, 'dataset.json'), DatasetFile, { schemaVersion: SCHEMA_VERSION, ...summary });
    assertWritable(projectDir);
    await rename(tempDir, finalDir);
    return summary;
  } catch (err) {
    await rm(tempDir, { recursive: true, force: true });
    // A full disk while copying the source or the columns: name the folder and the space needed
    // (about the source file twice: its copy and the parsed columns).
    throw writeError(err, path.join(projectDir, DATASETS_DIR, displayName), 2 * (await stat(sourcePath)).size);
  }
}

export async function readDatasetSummary(projectDir: string, datasetId: string): Promise<DatasetSummary> {
  const { schemaVersion: _version, ...summary } = await readRecord(path.join(datasetDir(projectDir, datasetId), 'dataset.json'), DatasetFile, 'dataset');
  return summary;
}

/** The stored table with the analyst's type overrides applied. */
export async function loadDatasetTable(projectDir: string, datasetId: string): Promise<Table> {
  const [table, summary] = await Promise.all([loadTable(path.join(datasetDir(projectDir, datasetId), 'table')), readDatasetSummary(projectDir, datasetId)]);
  return applyTypeOverrides(table, summary.typeOverrides ?? {});
}

export async function writeDatasetSummary(projectDir: string, summary: DatasetSummary): Promise<void> {
  assertWritable(projectDir);
  await writeRecord(path.join(datasetDir(projectDir, summary.id), 'dataset.json'), DatasetFile, { schemaVersion: SCHEMA_VERSION, ...summary });
}

/** The file as it was imported, kept in the dataset folder (source.<ext>). */
export async function datasetSourceFile(projectDir: string, datasetId: string): Promise<string> {
  const dir = datasetDir(projectDir, datasetId);
  const source = (await readdir(dir)).find((f) => f.startsWith('source.'));
  if (!source) throw new RegulaError('no-source', `The original file of dataset ${datasetId} is missing from the project.`, { file: dir });
  return path.join(dir, source);
}
