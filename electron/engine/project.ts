// A project is a folder. This service object is what every face holds while a project is open:
// it owns the lock, the dataset list and the runs in flight.
import { mkdir, readdir } from 'node:fs/promises';
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
import type { EngineEvents } from './events';
import { tablePage } from './data/tablePage';
import {
  datasetSourceFile,
  importDatasetInto,
  loadDatasetTable,
  readDatasetSummary,
  writeDatasetSummary,
  type ImportRequest,
} from './store/datasetStore';
import type { Table } from './data/table';
import { readProjectFile, writeProjectFile, type ProjectFile } from './store/projectFile';
import { LOCK_FILE, lockProject, type ProjectLock } from './store/projectLock';
import { listRunsReport, readEpochs, readRun } from './store/runStore';
import type { RecordProblem } from './store/recordFile';
import { interruptRun, interruptSweep, isAbandoned, removeLeftovers, removeStaleUploads } from './store/recovery';
import { loadBackend, type BackendPreference } from './train/backend';
import { loadModelPackage } from './export/loadModelPackage';
import { planFile, predictFile, type Predictions } from './export/predict';
import { streamPredictions, throttledProgress } from './export/streamPredictions';
import { openTableWriter } from './export/writeTable';
import { exportRunPackage, type ExportFormat, type ExportResult } from './export/exportRun';
import { resumeRun, startRun, type RunHandle } from './train/runner';
import { readCheckpoint } from './store/checkpointFile';
import { startSweep, type SweepHandle } from './train/sweepRunner';
import { listSweepsReport, readSweep } from './store/sweepStore';
import type { LaunchWorker } from './train/workerChannel';
import { annotateItem, deleteItem, deletePlan, emptyProjectTrash, itemInfo, restoreItem, trashEntries, visible, type Annotation, type DeletableKind, type ItemHost } from './labItems';
import { nextVersionOf } from './datasetVersions';
import { carryTypeOverrides, withColumnType } from './datasetColumnTypes';
import { pathExists } from './store/pathExists';

export const PREDICTIONS_DIR = 'predictions';
export const EXPORTS_DIR = 'exports';
const PREVIEW_ROWS = 20;

export interface PredictionFile extends Omit<Predictions, 'rows'> {
  /** Absolute path of the written CSV. */
  file: string;
  fileName: string;
  /** The first rows, for a look before opening the file. */
  preview: Predictions['rows'];
  rows: number;
}

export interface ProjectDeps {
  launchWorker: LaunchWorker;
  backendPreference: BackendPreference;
  /** The engine's one event stream; runs, sweeps and imports emit their contract events on it. */
  events: EngineEvents;
}

export class Project {
  private readonly active = new Map<string, RunHandle | SweepHandle>();
  // The last table the preview read: scrolling a large dataset asks for many pages of one table.
  private previewCache: { datasetId: string; table: Promise<Table> } | undefined;
  private importing: AbortController | undefined;
  private closed = false;
  /** Records that could not be read (corrupt, newer schema): reported, never hiding the rest. */
  private recordProblems: RecordProblem[] = [];
  /** What opening found and repaired (a lock taken over, runs marked interrupted), to tell the user. */
  readonly notices: string[] = [];

  private constructor(
    readonly dir: string,
    private file: ProjectFile,
    private datasetList: DatasetSummary[],
    private readonly lock: ProjectLock,
    private readonly deps: ProjectDeps,
  ) {
    if (lock.notice) this.notices.push(lock.notice);
    lock.onLost((error) => {
      // Stop at once: a worker killed now writes nothing more, and every store write refuses.
      for (const handle of this.active.values()) handle.cancel(true);
      console.error(`Regula: ${error.message}`);
      this.deps.events.emit('project:lockLost', { message: error.message });
    });
  }

  static async create(dir: string, name: string, deps: ProjectDeps): Promise<Project> {
    const absolute = path.resolve(dir);
    if (await pathExists(path.join(absolute, 'project.json'))) {
      throw new RegulaError('project-exists', `${absolute} already holds a Regula project; open it instead.`, { file: absolute });
    }
    // A lock (or its temp) alone is what a process killed while creating this project leaves:
    // the folder still counts as empty, and lockProject takes the lock over if its owner is gone.
    if ((await pathExists(absolute)) && (await readdir(absolute)).some((name) => !name.startsWith(LOCK_FILE))) {
      throw new RegulaError('folder-not-empty', `${absolute} is not empty; choose an empty folder or a new name for the project.`, { file: absolute });
    }
    await mkdir(absolute, { recursive: true });
    const lock = await lockProject(absolute);
    const file: ProjectFile = { schemaVersion: SCHEMA_VERSION, name, createdAt: new Date().toISOString(), datasetIds: [] };
    try {
      await writeProjectFile(absolute, file);
    } catch (err) {
      await lock.release();
      throw err;
    }
    return new Project(absolute, file, [], lock, deps);
  }

  static async open(dir: string, deps: ProjectDeps): Promise<Project> {
    const absolute = path.resolve(dir);
    await readProjectFile(absolute); // a clear error for a folder that is not a project, before locking
    const lock = await lockProject(absolute);
    try {
      const file = await readProjectFile(absolute);
      // One unreadable dataset record is reported by name; the others open as usual.
      const datasets: DatasetSummary[] = [];
      const problems: RecordProblem[] = [];
      for (const id of file.datasetIds) {
        try {
          datasets.push(await readDatasetSummary(absolute, id));
        } catch (err) {
          if (!(err instanceof RegulaError)) throw err;
          problems.push({ file: err.place.file ?? id, code: err.code, message: err.message });
        }
      }
      const project = new Project(absolute, file, datasets, lock, deps);
      project.recordProblems = problems;
      await project.recover();
      return project;
    } catch (err) {
      await lock.release();
      throw err;
    }
  }

  /** Marks jobs a dead process left `running` as interrupted and removes its leftovers. */
  private async recover(): Promise<void> {
    const removed = await removeLeftovers(this.dir);
    await removeStaleUploads();
    if (removed.length) this.notices.push(`Removed ${removed.length} unfinished file(s) left by an interrupted save: ${removed.slice(0, 5).join(', ')}${removed.length > 5 ? ', …' : ''}.`);
    const active = new Set(this.active.keys());
    const { runs } = await listRunsReport(this.dir);
    for (const run of runs.filter((r) => isAbandoned(r, active))) {
      const next = await interruptRun(this.dir, run);
      this.notices.push(`${run.name} was interrupted (${next.stopReason}); its metrics up to then are kept.`);
    }
    const { sweeps } = await listSweepsReport(this.dir);
    for (const sweep of sweeps.filter((s) => isAbandoned(s, active))) {
      await interruptSweep(this.dir, sweep);
      this.notices.push(`${sweep.name} was interrupted after ${sweep.points.filter(Boolean).length} of ${sweep.spec.steps} λ values.`);
    }
  }

  /** Records that could not be read when last listed, each named by file. */
  problems(): RecordProblem[] {
    return [...this.recordProblems];
  }

  get name(): string {
    return this.file.name;
  }

  summary(): ProjectSummary {
    return {
      name: this.file.name,
      path: this.dir,
      datasets: this.datasetList,
      ...(this.recordProblems.length ? { problems: this.problems() } : {}),
      ...(this.notices.length ? { notices: [...this.notices] } : {}),
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

  /**
   * Imports a file as a new dataset. One import at a time per project: it reports
   * `dataset:importProgress` at most ten times a second and stops at `cancelImport()`.
   */
  async importDataset(sourcePath: string, request: ImportRequest = {}): Promise<DatasetSummary> {
    this.assertOpen();
    if (this.importing) throw new RegulaError('import-busy', 'Another file is being imported; wait for it or cancel it first.');
    const controller = new AbortController();
    this.importing = controller;
    const fileName = request.displayName ?? path.basename(sourcePath);
    const stopOuter = () => controller.abort();
    request.signal?.addEventListener('abort', stopOuter);
    if (request.signal?.aborted) controller.abort();
    let last = 0;
    try {
      const summary = await importDatasetInto(this.dir, sourcePath, {
        ...request,
        signal: controller.signal,
        onProgress: (fraction) => {
          request.onProgress?.(fraction);
          const now = Date.now();
          if (now - last < 100 && fraction < 1) return;
          last = now;
          this.deps.events.emit('dataset:importProgress', { fileName, fraction: Math.min(1, Math.max(0, fraction)) });
        },
      });
      return await this.adoptDataset(summary);
    } finally {
      request.signal?.removeEventListener('abort', stopOuter);
      this.importing = undefined;
    }
  }

  /** Stops the import in progress, if any; it ends with a `cancelled` error and adds nothing. */
  cancelImport(): void {
    this.importing?.abort();
  }

  private async adoptDataset(summary: DatasetSummary): Promise<DatasetSummary> {
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
    // Markers the analyst chose stay in force until changed (a new delimiter does not drop them).
    const markers = request.missingMarkers ?? previous.missingMarkers;
    const imported = await importDatasetInto(this.dir, source, { ...request, ...(markers ? { missingMarkers: markers } : {}), displayName: previous.sourceFile, version: nextVersionOf(previous) });
    // The analyst's column types follow the new version (written before it replaces the old one).
    const summary = await carryTypeOverrides(this.dir, previous, imported);
    if (summary !== imported) await writeDatasetSummary(this.dir, summary);
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
    const next = await withColumnType(this.dir, this.dataset(datasetId), columnName, type);
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
    const runNumber = (await this.listRuns()).length + 1;
    const handle = await startRun({
      projectDir: this.dir,
      dataset,
      spec,
      launchWorker: this.deps.launchWorker,
      backendPreference: this.deps.backendPreference,
      runNumber,
      events: this.deps.events,
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
      events: this.deps.events,
    });
    this.active.set(handle.sweepId, handle);
    void handle.done.then(() => this.active.delete(handle.sweepId));
    return handle;
  }

  async listSweeps(): Promise<SweepRecord[]> {
    const { sweeps, problems } = await listSweepsReport(this.dir);
    this.noteProblems('sweeps', problems);
    return sweeps;
  }

  /** Starts a new run with the same spec as an earlier one (for an interrupted or failed run). */
  async retryRun(runId: string): Promise<RunHandle> {
    const previous = await readRun(this.dir, runId);
    return this.startRun(previous.spec);
  }

  /**
   * Continues an interrupted (or cancelled, or failed) run from its last checkpoint under the same
   * id. Runs of the exact linear solvers keep no checkpoint (they finish in seconds): Retry them.
   */
  async resumeRun(runId: string): Promise<RunHandle> {
    this.assertOpen();
    if (this.active.has(runId)) throw new RegulaError('not-resumable', `Run ${runId} is running already.`);
    const run = await readRun(this.dir, runId);
    if (run.status !== 'interrupted' && run.status !== 'cancelled' && run.status !== 'failed') {
      throw new RegulaError('not-resumable', `${run.name} is ${run.status}; only an interrupted, cancelled or failed run can be resumed.`);
    }
    const checkpoint = await readCheckpoint(this.dir, runId);
    if (!checkpoint) {
      const why = run.solver && !/^(adam|sgd|rmsprop)/.test(run.solver) ? 'the exact linear solver keeps none, it finishes in seconds' : 'none was saved before it stopped';
      throw new RegulaError('no-checkpoint', `${run.name} has no checkpoint to resume from (${why}); use Retry to train it again with the same settings.`);
    }
    const handle = await resumeRun({
      projectDir: this.dir,
      dataset: this.dataset(run.spec.datasetId),
      run,
      checkpoint: checkpoint.header,
      launchWorker: this.deps.launchWorker,
      backendPreference: this.deps.backendPreference,
      events: this.deps.events,
    });
    this.active.set(handle.runId, handle);
    void handle.done.then(() => this.active.delete(handle.runId));
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

  /** Cancels a run or a sweep in flight. */
  cancelRun(id: string): void {
    const handle = this.active.get(id);
    if (!handle) throw new RegulaError('not-running', `${id.startsWith('s-') ? 'Sweep' : 'Run'} ${id} is not running.`);
    handle.cancel();
  }

  /** Predictions for a spreadsheet with a completed run's model package. */
  async predict(runId: string, file: string, displayName = path.basename(file)): Promise<Predictions> {
    const run = await readRun(this.dir, runId);
    if (!run.modelDir) throw new RegulaError('no-model', `${run.name} has no saved model (status: ${run.status}).`);
    const { tf } = await loadBackend(this.deps.backendPreference);
    const pkg = await loadModelPackage(tf, path.join(this.dir, run.modelDir));
    try {
      return await predictFile(tf, pkg, file, { displayName });
    } finally {
      pkg.model.dispose();
    }
  }

  /**
   * Predictions for a spreadsheet, written to `predictions/` in the project (CSV, formula-safe),
   * a block of rows at a time so a large result is never held whole; rounded unless
   * `fullPrecision` (export/predictionPrecision.ts). Emits `predict:progress` while it reads and
   * scores; returns where the file went and the first rows.
   */
  async predictToFile(runId: string, file: string, displayName = path.basename(file), options: { fullPrecision?: boolean } = {}): Promise<PredictionFile> {
    const run = await readRun(this.dir, runId);
    if (!run.modelDir) throw new RegulaError('no-model', `${run.name} has no saved model (status: ${run.status}).`);
    const progress = throttledProgress((payload) => this.deps.events.emit('predict:progress', { runId, fileName: displayName, ...payload }));
    const { tf } = await loadBackend(this.deps.backendPreference);
    const pkg = await loadModelPackage(tf, path.join(this.dir, run.modelDir));
    try {
      const plan = await planFile(tf, pkg, file, { displayName, onReadProgress: (fraction) => progress({ phase: 'reading', fraction }) });
      const stem = path.basename(displayName, path.extname(displayName)).replace(/[^\w.-]+/g, '_').slice(0, 80) || 'predictions';
      const fileName = `${stem}.predictions.csv`;
      const folder = path.join(this.dir, PREDICTIONS_DIR, `${new Date().toISOString().replace(/[:.]/g, '-')}-${runId}`);
      await mkdir(folder, { recursive: true });
      const out = path.join(folder, fileName);
      const writer = await openTableWriter(out, plan.header);
      let result;
      try {
        result = await streamPredictions(plan, writer, {
          ...(options.fullPrecision ? { fullPrecision: true } : {}),
          previewRows: PREVIEW_ROWS,
          onProgress: (rowsDone, rows) => progress({ phase: 'predicting', fraction: rows ? rowsDone / rows : 1, rowsDone, rows }),
        });
        await writer.close();
      } catch (err) {
        await writer.abort();
        throw err;
      }
      return { ...result, file: out, fileName };
    } finally {
      pkg.model.dispose();
    }
  }

  /** A run's model as one .zip package written to `exports/` in the project (see export/exportRun). */
  async exportToFile(runId: string, formats: ExportFormat[] | 'all', regulaVersion: string): Promise<ExportResult> {
    const run = await readRun(this.dir, runId);
    const folder = path.join(this.dir, EXPORTS_DIR);
    await mkdir(folder, { recursive: true });
    const stem = run.name.replace(/[^\w.-]+/g, '_').replace(/_+/g, '_').slice(0, 80);
    const out = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${stem}.zip`);
    return exportRunPackage({ projectDir: this.dir, runId, out, formats, zip: true, regulaVersion, backendPreference: this.deps.backendPreference });
  }

  async listRuns(): Promise<RunRecord[]> {
    const { runs, problems } = await listRunsReport(this.dir);
    this.noteProblems('runs', problems);
    return runs;
  }

  private noteProblems(folder: string, problems: RecordProblem[]): void {
    const others = this.recordProblems.filter((p) => !p.file.includes(`${path.sep}${folder}${path.sep}`));
    this.recordProblems = [...others, ...problems];
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
    await this.lock.release();
  }

  private assertOpen(): void {
    if (this.closed) throw new RegulaError('project-closed', `Project "${this.name}" is closed.`);
  }
}
