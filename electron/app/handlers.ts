// The contract's handlers over the engine, shared by the Electron main process and the
// browser-mode server. One handler set serves one window: it holds the open project and the
// set of folders the renderer may open (handed out by the engine or a dialog, never typed).
import { copyFile, mkdir, readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Handlers } from '../../shared/contract';
import type { RecentProject } from '../../shared/domain';
import { RegulaError, type Engine, type Project } from '../engine/index';
import type { Host } from './host';
import type { Uploads } from './uploads';
import { isProject, readRecent, rememberRecent } from './recentProjects';

export interface LabHandlers extends Handlers {
  /** Closes the open project (cancelling its runs) and releases its lock. */
  dispose(): Promise<void>;
}

export function createHandlers({ engine, host, version, uploads }: { engine: Engine; host: Host; version: string; uploads: Uploads }): LabHandlers {
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

  /** Hands a finished upload to `use` and removes its temporary copy afterwards. */
  const withUpload = async <T>(uploadId: string, use: (file: string, fileName: string) => Promise<T>): Promise<T> => {
    const upload = await uploads.take(uploadId);
    try {
      return await use(upload.file, upload.fileName);
    } finally {
      await upload.discard();
    }
  };

  // Files the engine wrote for the analyst in this session, by the id the page holds.
  const outputs = new Map<string, { file: string; fileName: string }>();
  let outputCounter = 0;
  const offerOutput = (file: string, fileName: string) => {
    const outputId = `o-${Date.now().toString(36)}-${(outputCounter++).toString(36)}`;
    outputs.set(outputId, { file, fileName });
    return { outputId, fileName };
  };

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

    'upload:begin': async ({ fileName, size }) => uploads.begin(fileName, size),

    'upload:cancel': async ({ uploadId }) => {
      await uploads.cancel(uploadId);
      return null;
    },

    'dataset:import': async ({ uploadId }) => {
      const open = requireProject();
      return withUpload(uploadId, (file, fileName) => open.importDataset(file, { displayName: fileName }));
    },

    'dataset:importDialog': async () => {
      requireProject();
      if (!host.dialogs) throw new RegulaError('no-dialogs', 'File dialogs are only available in the desktop app.');
      const file = await host.dialogs.openDataFile();
      return file ? requireProject().importDataset(file) : null;
    },

    'dataset:reimport': async ({ datasetId, options }) => {
      const open = requireProject();
      return open.reimportDataset(datasetId, definedOnly(options));
    },

    'dataset:setColumnType': async ({ datasetId, column, type }) => requireProject().setColumnType(datasetId, column, type),

    'dataset:cancelImport': async () => {
      project?.cancelImport();
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

    'run:predict': async ({ runId, uploadId, fullPrecision }) => {
      const open = requireProject();
      return withUpload(uploadId, async (file, fileName) => {
        const result = await open.predictToFile(runId, file, fileName, { fullPrecision: fullPrecision === true });
        return {
          fileName: result.fileName,
          output: offerOutput(result.file, result.fileName),
          header: result.header,
          preview: result.preview,
          rows: result.rows,
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

    'run:export': async ({ runId, formats }) => {
      const result = await requireProject().exportToFile(runId, formats ?? 'all', version);
      return { output: offerOutput(result.out, path.basename(result.out)), formats: result.formats, skipped: result.skipped, files: result.files };
    },

    'output:save': async ({ outputId }) => {
      const output = outputs.get(outputId);
      if (!output) throw new RegulaError('unknown-output', 'That file is no longer offered; produce it again.');
      if (host.dialogs) {
        const target = await host.dialogs.saveFile(output.fileName);
        if (!target) return null;
        await copyFile(output.file, target);
        return { savedTo: target };
      }
      if (host.offerDownload) return { downloadUrl: host.offerDownload(output.file, output.fileName) };
      throw new RegulaError('no-save', 'This face of Regula cannot save files for you.');
    },

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
    // A relative path is read from the projects folder (where new projects go), `~` as the home
    // folder; errors repeat the path as typed, never the server's working folder.
    'project:openPath': async ({ path: typed }) => {
      const dir = typedFolder(typed, host.projectsHome);
      if (!(await isFolder(dir))) throw new RegulaError('folder-not-found', `There is no folder “${typed}”.`);
      if (!(await isProject(dir))) throw new RegulaError('not-a-project', `“${typed}” is not a Regula project (no project.json in it).`);
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
      // Only the markers change: the sheet, delimiter and decimal stay as this version read them.
      const { sheet, delimiter, decimal } = open.dataset(datasetId).detected;
      return open.reimportDataset(datasetId, { missingMarkers: definedOnly(missingMarkers), ...(sheet ? { sheet } : {}), ...(delimiter ? { delimiter } : {}), ...(decimal ? { decimal } : {}) });
    },

    'sweep:trainAt': async ({ sweepId, lambda }) => {
      const handle = await requireProject().trainAtLambda(sweepId, lambda);
      return { runId: handle.runId };
    },

    'run:resume': async ({ runId }) => {
      const handle = await requireProject().resumeRun(runId);
      return { runId: handle.runId };
    },

    'run:retry': async ({ runId }) => {
      const handle = await requireProject().retryRun(runId);
      return { runId: handle.runId };
    },

    dispose: async () => {
      await uploads.dispose();
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

/** A folder the analyst typed: `~` is their home folder, a relative path sits in the projects folder. */
function typedFolder(typed: string, projectsHome: string): string {
  if (typed === '~' || typed.startsWith('~/')) return path.join(homedir(), typed.slice(1));
  return path.resolve(projectsHome, typed);
}
