// The project a CLI command works in: --project DIR (opened, or created if it does not exist yet)
// or a new project in a temporary folder, whose path is reported.
import { access, constants, mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RegulaError, backendPreferenceFromEnv, keepWorkerWarm, launchNodeWorker, type Engine, type Project } from '../engine/index';
import { createEngineHost, type EngineHost } from '../app/engineHost';
import { isProject } from '../app/recentProjects';

/**
 * The engine host for one CLI command, made like every face's; commands print from its event
 * stream (import progress, epochs, λ points), never by re-reading files. With prestartWorker
 * (train, sweep) the training worker starts now and loads its backend while the command reads
 * the file, instead of after.
 */
export function cliHost(options: { prestartWorker?: boolean; warmFoldHelpers?: boolean } = {}): EngineHost {
  const stateDir = path.join(os.tmpdir(), 'regula-cli-state');
  const backendPreference = backendPreferenceFromEnv();
  const launchWorker = options.prestartWorker
    ? keepWorkerWarm(launchNodeWorker, { backendPreference, replenish: false, ...(options.warmFoldHelpers ? { warmFoldHelpers: true } : {}) }).launchWorker
    : launchNodeWorker;
  return createEngineHost({
    host: { mode: 'browser', projectsHome: process.cwd(), stateDir },
    launchWorker,
    backendPreference,
    version: 'cli',
  });
}

export async function projectForCli({ engine }: { engine: Engine }, dir: string | undefined): Promise<Project> {
  if (!dir) {
    const temp = await mkdtemp(path.join(os.tmpdir(), 'regula-project-'));
    return engine.createProject(temp, 'CLI project');
  }
  const absolute = path.resolve(dir);
  if (await isProject(absolute)) return engine.openProject(absolute);
  return engine.createProject(absolute, path.basename(absolute));
}

export async function assertReadableFile(file: string): Promise<void> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new RegulaError('file-not-found', `File not found: ${file}`, { file });
    throw new RegulaError('file-unreadable', `${file} cannot be read: ${(err as Error).message}`, { file });
  }
  if (!info.isFile()) throw new RegulaError('not-a-file', `${file} is not a file.`, { file });
  try {
    await access(file, constants.R_OK);
  } catch {
    // The file exists (stat above): access(R_OK) fails only when we may not read it.
    throw new RegulaError('file-unreadable', `${file} cannot be read (permission denied).`, { file });
  }
}

/** Prints an import's progress to stderr, at most every 10 percentage points; with `--events`,
 * every engine event instead, one JSON object per line (for scripts that follow a run). */
export function reportImportProgress(host: EngineHost, quiet: boolean, allEvents = false): void {
  if (allEvents) {
    host.events.onAny((event, payload) => process.stderr.write(`${JSON.stringify({ event, payload })}\n`));
    return;
  }
  let shown = -1;
  host.events.on('dataset:importProgress', ({ fileName, fraction }) => {
    const step = Math.floor(fraction * 10);
    if (quiet || step === shown) return;
    shown = step;
    process.stderr.write(`importing ${fileName}: ${Math.round(fraction * 100)}%\n`);
  });
}
