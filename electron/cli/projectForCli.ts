// The project a CLI command works in: --project DIR (opened, or created if it does not exist yet)
// or a new project in a temporary folder, whose path is reported.
import { access, constants, mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RegulaError } from '../engine/errors';
import { createEngine, keepWorkerWarm, type Engine, type Project, type RunEvents, type SweepEvents } from '../engine/index';
import { backendPreferenceFromEnv } from '../engine/train/backend';
import { launchNodeWorker } from '../engine/train/nodeWorker';
import { isProject } from '../app/recentProjects';

/**
 * The engine for one CLI command; progress comes from the worker's events, not from re-reading
 * files. With prestartWorker (train, sweep) the training worker starts now and loads its backend
 * while the command reads the file, instead of after.
 */
export function cliEngine(events: RunEvents & SweepEvents = {}, options: { prestartWorker?: boolean } = {}): Engine {
  const backendPreference = backendPreferenceFromEnv();
  const launchWorker = options.prestartWorker ? keepWorkerWarm(launchNodeWorker, { backendPreference, replenish: false }).launchWorker : launchNodeWorker;
  return createEngine({ launchWorker, backendPreference, events });
}

export async function projectForCli(engine: Engine, dir: string | undefined): Promise<Project> {
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
  } catch {
    throw new RegulaError('file-not-found', `File not found: ${file}`, { file });
  }
  if (!info.isFile()) throw new RegulaError('not-a-file', `${file} is not a file.`, { file });
  try {
    await access(file, constants.R_OK);
  } catch {
    throw new RegulaError('file-unreadable', `${file} cannot be read (permission denied).`, { file });
  }
}
