// The project a CLI command works in: --project DIR (opened, or created if it does not exist yet)
// or a new project in a temporary folder, whose path is reported.
import { access, constants, mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RegulaError } from '../engine/errors';
import { createEngine, type Engine, type Project, type RunEvents, type SweepEvents } from '../engine/index';
import { launchNodeWorker } from '../engine/train/nodeWorker';
import { isProject } from '../app/recentProjects';

/** The engine for one CLI command; progress comes from the worker's events, not from re-reading files. */
export function cliEngine(events: RunEvents & SweepEvents = {}): Engine {
  return createEngine({ launchWorker: launchNodeWorker, events });
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
