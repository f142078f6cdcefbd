// The engine's front door: plain service objects, created once by a face and passed in.
// Nothing here knows about Electron, HTTP or Vue.
import { Project, type ProjectDeps } from './project';
import { backendPreferenceFromEnv, loadBackend, type BackendInfo, type BackendPreference } from './train/backend';
import type { RunEvents } from './train/runner';
import type { SweepEvents } from './train/sweepRunner';
import type { LaunchWorker } from './train/workerChannel';

export interface EngineOptions {
  launchWorker: LaunchWorker;
  backendPreference?: BackendPreference;
  events?: RunEvents & SweepEvents;
}

export interface Engine {
  createProject(dir: string, name: string): Promise<Project>;
  openProject(dir: string): Promise<Project>;
  /** Which backend training will use here; loads it once, in this process, to find out. */
  backend(): Promise<BackendInfo>;
}

export function createEngine(options: EngineOptions): Engine {
  const deps: ProjectDeps = {
    launchWorker: options.launchWorker,
    backendPreference: options.backendPreference ?? backendPreferenceFromEnv(),
    ...(options.events ? { events: options.events } : {}),
  };
  let backend: Promise<BackendInfo> | undefined;
  return {
    createProject: (dir, name) => Project.create(dir, name, deps),
    openProject: (dir) => Project.open(dir, deps),
    backend: () => (backend ??= loadBackend(deps.backendPreference).then((b) => b.info)),
  };
}

export { Project } from './project';
export type { BackendInfo, BackendPreference } from './train/backend';
export type { RunHandle, RunEvents } from './train/runner';
export type { SweepHandle, SweepEvents } from './train/sweepRunner';
export { exportRunPackage, parseFormats, EXPORT_FORMATS, type ExportFormat, type ExportRequest, type ExportResult } from './export/exportRun';
export { importModelPackage, type ImportedModel } from './export/importModel';
export { exportProjectArchive, importProjectArchive } from './export/projectArchive';
