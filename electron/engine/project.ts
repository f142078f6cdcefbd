// A project is a folder. This service object is what every face holds while a project is open:
// it owns the lock, the dataset list and the runs in flight.
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  RunSpec,
  SCHEMA_VERSION,
  type ColumnType,
  type DatasetSummary,
  type EpochMetrics,
  type ItemInfo,
  type ItemKind,
  type ProjectSummary,
  type TrashEntry,
  type TrashedItem,
  type RunRecord,
  type RunSpecInput,
  type SweepRecord,
  type SweepSpecInput,
  type TablePage,
  SweepSpec,
} from '../../shared/domain';
import { RegulaError } from './errors';
import { tablePage } from './data/tablePage';
import {
  datasetDir,
  datasetSourceFile,
  importDatasetInto,
  loadDatasetTable,
  readDatasetSummary,
  writeDatasetSummary,
  type ImportRequest,
} from './store/datasetStore';
import { loadTable } from './data/tableStore';
import { isNumericColumn, type Table } from './data/table';
import { columnExclusion } from './data/columnExclusion';
import { convertColumn, describeColumn } from './prep/typeOverrides';
import { readProjectFile, writeProjectFile, type ProjectFile } from './store/projectFile';
import { lockProject, type ReleaseLock } from './store/projectLock';
import { listRuns, readEpochs, readRun } from './store/runStore';
import { loadBackend, type BackendPreference } from './train/backend';
import { loadModelPackage } from './export/loadModelPackage';
import { predictFile, type Predictions } from './export/predict';
import { startRun, type RunEvents, type RunHandle } from './train/runner';
import { startSweep, type SweepEvents, type SweepHandle } from './train/sweepRunner';
import { listSweeps, readSweep } from './store/sweepStore';
import type { LaunchWorker } from './train/workerChannel';
import { annotateItem, deleteItem, deletePlan, emptyProjectTrash, itemInfo, restoreItem, trashEntries, visible, type Annotation, type DeletableKind, type ItemHost } from './labItems';
import { nextVersionOf } from './datasetVersions';

export interface ProjectDeps {
  launchWorker: LaunchWorker;
  backendPreference: BackendPreference;
  events?: RunEvents & SweepEvents;
}

export class Project {
  private readonly active = new Map<string, RunHandle | SweepHandle>();
  // The last table the preview read: scrolling a large dataset asks for many pages of one table.
  private previewCache: { datasetId: string; table: Promise<Table> } | undefined;
  private closed = false;

  private constructor(
    readonly dir: string,
    private file: ProjectFile,
    private datasetList: DatasetSummary[],
    private readonly release: ReleaseLock,
    private readonly deps: ProjectDeps,
  ) {}

  static async create(dir: string, name: string, deps: ProjectDeps): Promise<Project> {
    const absolute = path.resolve(dir);
    if (await exists(path.join(absolute, 'project.json'))) {
      throw new RegulaError('project-exists', `${absolute} already holds a Regula project; open it instead.`, { file: absolute });
    }
    if ((await exists(absolute)) && (await readdir(absolute)).length > 0) {
      throw new RegulaError('folder-not-empty', `${absolute} is not empty; choose an empty folder or a new name for the project.`, { file: absolute });
    }
    await mkdir(absolute, { recursive: true });
    const release = await lockProject(absolute);
    const file: ProjectFile = { schemaVersion: SCHEMA_VERSION, name, createdAt: new Date().toISOString(), datasetIds: [] };
    try {
      await writeProjectFile(absolute, file);
    } catch (err) {
      await release();
      throw err;
    }
    return new Project(absolute, file, [], release, deps);
  }

  static async open(dir: string, deps: ProjectDeps): Promise<Project> {
    const absolute = path.resolve(dir);
    await readProjectFile(absolute); // a clear error for a folder that is not a project, before locking
    const release = await lockProject(absolute);
    try {
      const file = await readProjectFile(absolute);
      const datasets = await Promise.all(file.datasetIds.map((id) => readDatasetSummary(absolute, id)));
      return new Project(absolute, file, datasets, release, deps);
    } catch (err) {
      await release();
      throw err;
    }
  }

  get name(): string {
    return this.file.name;
  }

  summary(): ProjectSummary {
    return {
      name: this.file.name,
      path: this.dir,
      datasets: this.datasetList,
      ...(this.file.note ? { note: this.file.note } : {}),
      ...(this.file.tags ? { tags: this.file.tags } : {}),
    };
  }

  datasets(): DatasetSummary[] {
    return this.datasetList;
  }

  dataset(id: string): DatasetSummary {
    const found = this.datasetList.find((d) => d.id === id);
    if (found) return found;
    const newer = this.datasetList.find((d) => d.previousVersions?.includes(id));
    if (newer) {
      throw new RegulaError('old-dataset-version', `Dataset ${id} was replaced by version ${newer.version ?? 2} of ${newer.name} (${newer.id}); use that one.`);
    }
    throw new RegulaError('unknown-dataset', `There is no dataset ${id} in project "${this.name}".`);
  }

  async importDataset(sourcePath: string, request: ImportRequest = {}): Promise<DatasetSummary> {
    this.assertOpen();
    const summary = await importDatasetInto(this.dir, sourcePath, request);
    const file = { ...this.file, datasetIds: [...this.file.datasetIds, summary.id] };
    await writeProjectFile(this.dir, file);
    this.file = file;
    this.datasetList = [...this.datasetList, summary];
    return summary;
  }

  /**
   * Parses the stored source file again with settings the analyst chose (sheet, delimiter,
   * missing markers…). The result is a new version that takes the old one's place in the project;
   * the old version's folder stays, so runs trained on it still name the exact data they saw.
   */
  async reimportDataset(datasetId: string, request: ImportRequest): Promise<DatasetSummary> {
    this.assertOpen();
    const previous = this.dataset(datasetId);
    const source = await datasetSourceFile(this.dir, datasetId);
    const summary = await importDatasetInto(this.dir, source, { ...request, displayName: previous.sourceFile, version: nextVersionOf(previous) });
    // One atomic write of project.json swaps the versions.
    const file = { ...this.file, datasetIds: this.file.datasetIds.map((d) => (d === datasetId ? summary.id : d)) };
    await writeProjectFile(this.dir, file);
    this.file = file;
    this.datasetList = this.datasetList.map((d) => (d.id === datasetId ? summary : d));
    if (this.previewCache?.datasetId === datasetId) this.previewCache = undefined;
    return summary;
  }

  // ---- names, notes, tags and the trash (see labItems)
  itemInfo(kind: ItemKind, id: string): Promise<ItemInfo> {
    return itemInfo(this.itemHost(), kind, id);
  }

  annotate(kind: ItemKind, id: string, change: Annotation): Promise<ItemInfo> {
    this.assertOpen();
    return annotateItem(this.itemHost(), kind, id, change);
  }

  async deletePreview(kind: DeletableKind, id: string, withDependents = false): Promise<TrashedItem[]> {
    return visible(await deletePlan(this.itemHost(), kind, id, withDependents));
  }

  /** Moves an item (a dataset: with its runs and sweeps if asked) to the project's trash. */
  deleteItem(kind: DeletableKind, id: string, withDependents = false): Promise<TrashEntry> {
    this.assertOpen();
    if (this.previewCache?.datasetId === id) this.previewCache = undefined;
    return deleteItem(this.itemHost(), kind, id, withDependents);
  }

  restore(trashId: string): Promise<TrashEntry> {
    this.assertOpen();
    return restoreItem(this.itemHost(), trashId);
  }

  trash(): Promise<TrashEntry[]> {
    return trashEntries(this.itemHost());
  }

  emptyTrash(): Promise<void> {
    this.assertOpen();
    return emptyProjectTrash(this.itemHost());
  }

  private itemHost(): ItemHost {
    return {
      dir: this.dir,
      file: () => this.file,
      setFile: async (file) => {
        await writeProjectFile(this.dir, file);
        this.file = file;
      },
      datasets: () => this.datasetList,
      setDatasets: (list) => (this.datasetList = list),
      active: (id) => this.active.get(id),
    };
  }

  /** Changes a column's type (kept as an override; the parsed column stays as it was). */
  async setColumnType(datasetId: string, columnName: string, type: ColumnType): Promise<DatasetSummary> {
    this.assertOpen();
    const summary = this.dataset(datasetId);
    const index = summary.columns.findIndex((c) => c.name === columnName);
    if (index < 0) throw new RegulaError('unknown-column', `There is no column "${columnName}" in ${summary.sourceFile}.`, { file: summary.sourceFile, column: columnName });
    const parsed = (await loadTable(path.join(datasetDir(this.dir, datasetId), 'table'))).columns.find((c) => c.name === columnName)!;
    const { column, strayRows } = convertColumn(parsed, type);
    const overrides = { ...(summary.typeOverrides ?? {}) };
    const imported = { ...(summary.importedColumns ?? {}) };
    imported[columnName] ??= summary.columns[index]!;
    const columns = [...summary.columns];
    if (parsed.type === type) {
      columns[index] = imported[columnName]!;
      delete overrides[columnName];
      delete imported[columnName];
    } else {
      const described = describeColumn(column, strayRows);
      // The markers were applied at import and still hold; the exclusion follows the new type.
      const markers = imported[columnName]!.missingMarkers;
      const exclusion = columnExclusion(described, isNumericColumn(column) ? column.values : undefined, false);
      columns[index] = { ...described, ...(markers ? { missingMarkers: markers } : {}), ...(exclusion ? { exclusion, excludedByDefault: true } : {}) };
      overrides[columnName] = type;
    }
    const next: DatasetSummary = { ...summary, columns, typeOverrides: overrides, importedColumns: imported };
    await writeDatasetSummary(this.dir, next);
    this.datasetList = this.datasetList.map((d) => (d.id === datasetId ? next : d));
    if (this.previewCache?.datasetId === datasetId) this.previewCache = undefined;
    return next;
  }

  async preview(datasetId: string, offset: number, limit: number): Promise<TablePage> {
    this.dataset(datasetId);
    if (this.previewCache?.datasetId !== datasetId) {
      const table = loadDatasetTable(this.dir, datasetId);
      this.previewCache = { datasetId, table };
      table.catch(() => (this.previewCache = undefined));
    }
    return tablePage(await this.previewCache.table, offset, limit);
  }

  async startRun(input: RunSpecInput): Promise<RunHandle> {
    this.assertOpen();
    const spec = RunSpec.parse(input);
    const dataset = this.dataset(spec.datasetId);
    const runNumber = (await listRuns(this.dir)).length + 1;
    const handle = await startRun({
      projectDir: this.dir,
      dataset,
      spec,
      launchWorker: this.deps.launchWorker,
      backendPreference: this.deps.backendPreference,
      runNumber,
      ...(this.deps.events ? { events: this.deps.events } : {}),
    });
    this.active.set(handle.runId, handle);
    void handle.done.then(() => this.active.delete(handle.runId));
    return handle;
  }

  /** A regularization path: one model per λ, in its own worker process. */
  async startSweep(input: SweepSpecInput): Promise<SweepHandle> {
    this.assertOpen();
    const spec = SweepSpec.parse(input);
    const handle = await startSweep({
      projectDir: this.dir,
      dataset: this.dataset(spec.base.datasetId),
      spec,
      launchWorker: this.deps.launchWorker,
      backendPreference: this.deps.backendPreference,
      ...(this.deps.events ? { events: this.deps.events } : {}),
    });
    this.active.set(handle.sweepId, handle);
    void handle.done.then(() => this.active.delete(handle.sweepId));
    return handle;
  }

  /** One run with a sweep's spec at the λ the analyst chose, split into λ1/λ2 as the sweep did. */
  async trainAtLambda(sweepId: string, lambda: number): Promise<RunHandle> {
    const sweep = await readSweep(this.dir, sweepId);
    const { reg, l1Ratio } = sweep.spec;
    const ratio = l1Ratio ?? 0.5;
    const regularizer =
      reg === 'l1' ? { kind: 'l1' as const, l1: lambda } : reg === 'l2' ? { kind: 'l2' as const, l2: lambda } : { kind: 'l1l2' as const, l1: ratio * lambda, l2: (1 - ratio) * lambda };
    return this.startRun({ ...sweep.spec.base, regularizer });
  }

  listSweeps(): Promise<SweepRecord[]> {
    return listSweeps(this.dir);
  }

  /** Cancels a run or a sweep in flight. */
  cancelRun(id: string): void {
    const handle = this.active.get(id);
    if (!handle) throw new RegulaError('not-running', `${id.startsWith('s-') ? 'Sweep' : 'Run'} ${id} is not running.`);
    handle.cancel();
  }

  /** Predictions for a spreadsheet with a completed run's model package. */
  async predict(runId: string, file: string): Promise<Predictions> {
    const run = await readRun(this.dir, runId);
    if (!run.modelDir) throw new RegulaError('no-model', `${run.name} has no saved model (status: ${run.status}).`);
    const { tf } = await loadBackend(this.deps.backendPreference);
    const pkg = await loadModelPackage(tf, path.join(this.dir, run.modelDir));
    try {
      return await predictFile(tf, pkg, file);
    } finally {
      pkg.model.dispose();
    }
  }

  listRuns(): Promise<RunRecord[]> {
    return listRuns(this.dir);
  }

  runMetrics(runId: string): Promise<EpochMetrics[]> {
    return readEpochs(this.dir, runId);
  }

  /** Cancels runs in flight, waits for their records, then releases the lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = [...this.active.values()];
    for (const h of pending) h.cancel();
    await Promise.all(pending.map((h) => h.done));
    await this.release();
  }

  private assertOpen(): void {
    if (this.closed) throw new RegulaError('project-closed', `Project "${this.name}" is closed.`);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
