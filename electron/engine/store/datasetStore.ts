// datasets/<id>/: the source file as imported (source.<ext>), the parsed columnar table (table/)
// and dataset.json (summary, detected settings). A dataset folder is built under a temporary name
// and renamed into place, so a failed import leaves the project exactly as it was.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { DatasetSummary, SCHEMA_VERSION } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { newId } from '../random';
import { importTable } from '../data/importTable';
import { loadTable, saveTable } from '../data/tableStore';
import type { ImportOptions, Table } from '../data/table';
import { writeJsonAtomic } from './atomicFile';
import { applyTypeOverrides } from '../prep/typeOverrides';
import type { VersionOf } from '../datasetVersions';
import { defaultTargetOf } from '../data/defaultTarget';

export const DATASETS_DIR = 'datasets';

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
  const imported = await importTable(sourcePath, request);
  // A cancel can arrive after the last progress report: honour it until the dataset is in place.
  const stopIfCancelled = () => {
    if (request.signal?.aborted) throw new RegulaError('cancelled', `Importing ${displayName} was cancelled; nothing was added.`, { file: displayName });
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
    sha256: await fileSha256(sourcePath),
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
  const finalDir = datasetDir(projectDir, id);
  const tempDir = path.join(projectDir, DATASETS_DIR, `.importing-${id}`);
  await mkdir(tempDir, { recursive: true });
  try {
    const ext = path.extname(displayName).toLowerCase().replace(/[^.\w]/g, '') || '.dat';
    await copyFile(sourcePath, path.join(tempDir, `source${ext}`));
    stopIfCancelled();
    await saveTable(path.join(tempDir, 'table'), imported.table);
    stopIfCancelled();
    await writeJsonAtomic(path.join(tempDir, 'dataset.json'), { schemaVersion: SCHEMA_VERSION, ...summary });
    await rename(tempDir, finalDir);
    return summary;
  } catch (err) {
    await rm(tempDir, { recursive: true, force: true });
    throw err;
  }
}

export async function readDatasetSummary(projectDir: string, datasetId: string): Promise<DatasetSummary> {
  const file = path.join(datasetDir(projectDir, datasetId), 'dataset.json');
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new RegulaError('unknown-dataset', `Dataset ${datasetId} is missing or unreadable in this project.`, { file });
  }
  const parsed = DatasetSummary.safeParse(json);
  if (!parsed.success) throw new RegulaError('corrupt-dataset', `${file} is not a readable dataset record.`, { file });
  return parsed.data;
}

/** The stored table with the analyst's type overrides applied. */
export async function loadDatasetTable(projectDir: string, datasetId: string): Promise<Table> {
  const [table, summary] = await Promise.all([loadTable(path.join(datasetDir(projectDir, datasetId), 'table')), readDatasetSummary(projectDir, datasetId)]);
  return applyTypeOverrides(table, summary.typeOverrides ?? {});
}

export async function writeDatasetSummary(projectDir: string, summary: DatasetSummary): Promise<void> {
  await writeJsonAtomic(path.join(datasetDir(projectDir, summary.id), 'dataset.json'), { schemaVersion: SCHEMA_VERSION, ...summary });
}

/** The file as it was imported, kept in the dataset folder (source.<ext>). */
export async function datasetSourceFile(projectDir: string, datasetId: string): Promise<string> {
  const dir = datasetDir(projectDir, datasetId);
  const source = (await readdir(dir)).find((f) => f.startsWith('source.'));
  if (!source) throw new RegulaError('no-source', `The original file of dataset ${datasetId} is missing from the project.`, { file: dir });
  return path.join(dir, source);
}

/** Content hash, so re-importing the same file into a project can reuse the stored copy. */
export async function fileSha256(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
