// The contract's handlers over the engine, shared by the Electron main process and the
// browser-mode server. One handler set serves one window: it holds the open project and the
// set of folders the renderer may open (handed out by the engine or a dialog, never typed).
import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '../../shared/contract';
import type { DatasetSummary, RecentProject } from '../../shared/domain';
import type { ImportRequest } from '../engine/store/datasetStore';
import { RegulaError } from '../engine/errors';
import { toCsv } from '../engine/export/writeTable';
import type { Engine, Project } from '../engine/index';
import type { Host } from './host';
import { isProject, readRecent, rememberRecent } from './recentProjects';

export interface LabHandlers extends Handlers {
  /** Closes the open project (cancelling its runs) and releases its lock. */
  dispose(): Promise<void>;
}

export function createHandlers({ engine, host, version }: { engine: Engine; host: Host; version: string }): LabHandlers {
  let project: Project | undefined;
  const granted = new Set<string>();

  const requireProject = (): Project => {
    if (!project) throw new RegulaError('no-project', 'Open or create a project first.');
    return project;
  };

  const adopt = async (next: Project) => {
    project = next;
    granted.add(next.dir);
    await rememberRecent(host.stateDir, { name: next.name, path: next.dir });
    return next.summary();
  };

  const openAt = async (dir: string) => {
    if (project?.dir === path.resolve(dir)) return project.summary();
    const next = await engine.openProject(dir); // fails (locked, not a project) before we let go of the current one
    await project?.close();
    return adopt(next);
  };

  /** Writes an uploaded file to a private temporary folder for the engine, and removes it after. */
  const withUpload = async <T>(fileName: string, dataBase64: string, use: (file: string, baseName: string) => Promise<T>): Promise<T> => {
    const baseName = path.basename(fileName.replace(/\\/g, '/')) || 'upload';
    const tempDir = await mkdtemp(path.join(os.tmpdir(), 'regula-upload-'));
    try {
      const tempFile = path.join(tempDir, baseName);
      await writeFile(tempFile, Buffer.from(dataBase64, 'base64'));
      return await use(tempFile, baseName);
    } finally {
      await rm(tempDir, { recursive: true, force: true });
    }
  };

  // One import at a time per window; its progress is sent at most ten times a second.
  let importing: AbortController | undefined;
  const withImportProgress = async (fileName: string, run: (request: ImportRequest) => Promise<DatasetSummary>): Promise<DatasetSummary> => {
    if (importing) throw new RegulaError('import-busy', 'Another file is being imported; wait for it or cancel it first.');
    const controller = new AbortController();
    importing = controller;
    let last = 0;
    try {
      return await run({
        signal: controller.signal,
        onProgress: (fraction) => {
          const now = Date.now();
          if (now - last < 100 && fraction < 1) return;
          last = now;
          host.emit('dataset:importProgress', { fileName, fraction: Math.min(1, Math.max(0, fraction)) });
        },
      });
    } finally {
      importing = undefined;
    }
  };

  const importFrom = async (filePath: string, displayName?: string) =>
    withImportProgress(displayName ?? path.basename(filePath), (request) =>
      requireProject().importDataset(filePath, { ...request, ...(displayName ? { displayName } : {}) }),
    );

  return {
    'app:info': async () => ({
      version,
      mode: host.mode,
      backend: await engine.backend(),
      canUseDialogs: host.dialogs !== undefined,
    }),

    'project:recent': async () => {
      const recent = await readRecent(host.stateDir);
      const inHome = await projectsIn(host.projectsHome);
      const known = new Set(recent.map((r) => r.path));
      const all: RecentProject[] = [...recent, ...inHome.filter((p) => !known.has(p.path))];
      for (const p of all) granted.add(p.path);
      return all;
    },

    'project:create': async ({ name }) => {
      const folderName = safeFolderName(name);
      const dir = path.join(host.projectsHome, folderName);
      if (await isProject(dir)) {
        throw new RegulaError('project-exists', `A project named "${name}" already exists in ${host.projectsHome}; open it from the list.`);
      }
      await mkdir(host.projectsHome, { recursive: true });
      const next = await engine.createProject(dir, name);
      await project?.close();
      return adopt(next);
    },

    'project:openDialog': async () => {
      if (!host.dialogs) throw new RegulaError('no-dialogs', 'Folder dialogs are only available in the desktop app.');
      const dir = await host.dialogs.openProjectFolder();
      return dir ? openAt(dir) : null;
    },

    'project:open': async ({ path: dir }) => {
      if (!granted.has(dir)) {
        throw new RegulaError('path-not-allowed', 'That folder was not offered by Regula; choose a project from the list or the Open dialog.');
      }
      return openAt(dir);
    },

    'project:close': async () => {
      await project?.close();
      project = undefined;
      return null;
    },

    'dataset:import': async ({ fileName, dataBase64 }) => {
      const open = requireProject();
      // The import counts as started (and can be cancelled) before the upload is written out.
      return withImportProgress(path.basename(fileName.replace(/\\/g, '/')), (request) =>
        withUpload(fileName, dataBase64, (file, baseName) => {
          if (request.signal?.aborted) throw new RegulaError('cancelled', `Importing ${baseName} was cancelled; nothing was added.`, { file: baseName });
          return open.importDataset(file, { ...request, displayName: baseName });
        }),
      );
    },

    'dataset:importDialog': async () => {
      requireProject();
      if (!host.dialogs) throw new RegulaError('no-dialogs', 'File dialogs are only available in the desktop app.');
      const file = await host.dialogs.openDataFile();
      return file ? importFrom(file) : null;
    },

    'dataset:reimport': async ({ datasetId, options }) => {
      const open = requireProject();
      const name = open.dataset(datasetId).sourceFile;
      return withImportProgress(name, (request) => open.reimportDataset(datasetId, { ...request, ...definedOnly(options) }));
    },

    'dataset:setColumnType': async ({ datasetId, column, type }) => requireProject().setColumnType(datasetId, column, type),

    'dataset:cancelImport': async () => {
      importing?.abort();
      return null;
    },

    'dataset:preview': async ({ datasetId, offset, limit }) => requireProject().preview(datasetId, offset, limit),

    'run:start': async (spec) => {
      const handle = await requireProject().startRun(spec);
      return { runId: handle.runId };
    },

    'run:cancel': async ({ runId }) => {
      requireProject().cancelRun(runId);
      return null;
    },

    'run:list': async () => requireProject().listRuns(),

    'run:predict': async ({ runId, file }) => {
      const open = requireProject();
      return withUpload(file.fileName, file.dataBase64, async (tempFile, baseName) => {
        const result = await open.predict(runId, tempFile);
        return {
          fileName: `${path.basename(baseName, path.extname(baseName))}.predictions.csv`,
          csv: toCsv(result.header, result.rows),
          rows: result.rows.length,
          predicted: result.predicted,
          skipped: result.skipped,
          unmapped: result.unmapped,
          unmappedCount: result.unmappedCount,
        };
      });
    },

    'run:metrics': async ({ runId }) => requireProject().runMetrics(runId),

    'sweep:start': async (spec) => {
      const handle = await requireProject().startSweep(spec);
      return { sweepId: handle.sweepId };
    },

    'sweep:cancel': async ({ sweepId }) => {
      requireProject().cancelRun(sweepId);
      return null;
    },

    'sweep:list': async () => requireProject().listSweeps(),

    'item:rename': async ({ kind, id, name }) => {
      const info = await requireProject().annotate(kind, id, { name });
      if (kind === 'project') await rememberRecent(host.stateDir, { name: info.name, path: requireProject().dir });
      return info;
    },

    'item:annotate': async ({ kind, id, note, tags }) =>
      requireProject().annotate(kind, id, { ...(note !== undefined ? { note } : {}), ...(tags ? { tags } : {}) }),

    'item:deletePreview': async ({ kind, id, withDependents }) => requireProject().deletePreview(kind, id, withDependents),

    'item:delete': async ({ kind, id, withDependents }) => requireProject().deleteItem(kind, id, withDependents),

    'item:restore': async ({ trashId }) => requireProject().restore(trashId),

    'trash:list': async () => requireProject().trash(),

    'trash:empty': async () => {
      await requireProject().emptyTrash();
      return null;
    },

    // The one channel that takes a typed path (browser mode has no dialogs). Only an existing
    // folder holding project.json is opened; anything else is refused without touching it.
    'project:openPath': async ({ path: typed }) => {
      const dir = path.resolve(typed);
      if (!(await isFolder(dir))) throw new RegulaError('folder-not-found', `There is no folder ${dir}.`, { file: dir });
      if (!(await isProject(dir))) throw new RegulaError('not-a-project', `${dir} is not a Regula project (no project.json in it).`, { file: dir });
      return openAt(dir);
    },

    'project:createDialog': async ({ name }) => {
      if (!host.dialogs) throw new RegulaError('no-dialogs', 'Folder dialogs are only available in the desktop app.');
      const dir = await host.dialogs.newProjectFolder(safeFolderName(name));
      if (!dir) return null;
      const next = await engine.createProject(dir, name);
      await project?.close();
      return adopt(next);
    },

    'dataset:setMissingMarkers': async ({ datasetId, missingMarkers }) => {
      const open = requireProject();
      const name = open.dataset(datasetId).sourceFile;
      return withImportProgress(name, (request) => open.reimportDataset(datasetId, { ...request, missingMarkers: definedOnly(missingMarkers) }));
    },

    'sweep:trainAt': async ({ sweepId, lambda }) => {
      const handle = await requireProject().trainAtLambda(sweepId, lambda);
      return { runId: handle.runId };
    },

    dispose: async () => {
      await project?.close();
      project = undefined;
    },
  };
}

async function isFolder(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/** Drops keys whose value is undefined (zod leaves them present). */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

async function projectsIn(home: string): Promise<RecentProject[]> {
  let names: string[];
  try {
    names = await readdir(home);
  } catch {
    return [];
  }
  const found: RecentProject[] = [];
  for (const name of names.sort()) {
    const dir = path.join(home, name);
    if (await isProject(dir)) found.push({ name, path: dir, openedAt: '' });
  }
  return found;
}

/** A project name as a folder name that is valid on Windows, macOS and Linux. */
export function safeFolderName(name: string): string {
  const cleaned = name
    // Control characters are invalid in Windows file names, so they are matched on purpose.
    // eslint-disable-next-line no-control-regex
    .replace(/[<>:"/\\|?*\u0000-\u001f]/g, '-')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 100);
  if (!cleaned || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(cleaned)) {
    throw new RegulaError('bad-project-name', `"${name}" cannot be used as a project name; use letters, digits and spaces.`);
  }
  return cleaned;
}
