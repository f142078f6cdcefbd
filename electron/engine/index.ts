// The engine's front door and its only public surface: faces (Electron main, the utility-process
// host, browser mode, the CLI) import from here and from electron/app, never from deeper modules
// (a lint rule enforces it). Plain service objects, created once by a face and passed in; nothing
// here knows about Electron, HTTP or Vue.
import { createEngineEvents, type EngineEvents } from './events';
import { Project, type ProjectDeps } from './project';
import { backendPreferenceFromEnv, loadBackend, type BackendInfo, type BackendPreference } from './train/backend';
import type { LaunchWorker } from './train/workerChannel';

export interface EngineOptions {
  launchWorker: LaunchWorker;
  backendPreference?: BackendPreference;
}

export interface Engine {
  /** Every contract event the engine raises, for any project it opens. */
  readonly events: EngineEvents;
  createProject(dir: string, name: string): Promise<Project>;
  openProject(dir: string): Promise<Project>;
  /** Which backend training will use here; loads it once, in this process, to find out. */
  backend(): Promise<BackendInfo>;
}

export function createEngine(options: EngineOptions): Engine {
  const events = createEngineEvents();
  const deps: ProjectDeps = {
    launchWorker: options.launchWorker,
    backendPreference: options.backendPreference ?? backendPreferenceFromEnv(),
    events,
  };
  let backend: Promise<BackendInfo> | undefined;
  return {
    events,
    createProject: (dir, name) => Project.create(dir, name, deps),
    openProject: (dir) => Project.open(dir, deps),
    backend: () => (backend ??= loadBackend(deps.backendPreference).then((b) => b.info)),
  };
}

export { Project } from './project';
export type { AnyEventHandler, EngineEvents } from './events';
export { RegulaError, toUserError, type ErrorPlace } from './errors';
export type { BackendInfo, BackendPreference } from './train/backend';
export { backendPreferenceFromEnv, loadBackend } from './train/backend';
export type { RunHandle } from './train/runner';
export type { SweepHandle } from './train/sweepRunner';
export type { LaunchWorker, WorkerChannel } from './train/workerChannel';
export { workerArguments } from './train/workerChannel';
export { launchNodeWorker } from './train/nodeWorker';
export { importTable } from './data/importTable';
export { validateSpec } from './prep/validateSpec';
export { type ImportRequest } from './store/datasetStore';
export { fileSha256 } from './store/fileHash';
export { readProjectFile } from './store/projectFile';
export { listRuns, listRunsReport } from './store/runStore';
export { ownerLiveness } from './store/processOwner';
export { writeJsonAtomic } from './store/atomicFile';
export { loadModelPackage } from './export/loadModelPackage';
export { loadScoringModel } from './export/loadScoringModel';
export { predictFile, type Predictions } from './export/predict';
export { neutralizeFormula, toCsv, writeTable } from './export/writeTable';
export { planFile, type Cell, type PredictionPlan } from './export/predict';
export { csvLines, openTableWriter } from './export/writeTable';
export { streamPredictions, throttledProgress, type PredictProgress } from './export/streamPredictions';
export { createEngineEvents } from './events';
export { keepWorkerWarm, type WarmWorkers } from './train/warmWorker';
export { exportRunPackage, parseFormats, EXPORT_FORMATS, type ExportFormat, type ExportRequest, type ExportResult } from './export/exportRun';
export { importModelPackage, type ImportedModel } from './export/importModel';
export { exportProjectArchive, importProjectArchive } from './export/projectArchive';
