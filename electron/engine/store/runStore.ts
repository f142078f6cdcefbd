// runs/<id>/run.json (rewritten atomically on each state change) and runs/<id>/metrics.jsonl
// (append-only, one line per epoch). A torn last line — the process died mid-append — is skipped
// on read instead of making the whole run unreadable.
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { EpochMetrics, RunRecord } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { writeError, writeFileAtomic } from './atomicFile';
import { assertWritable } from './projectLock';
import { readRecord, writeRecord, type RecordProblem } from './recordFile';

export const RUNS_DIR = 'runs';

export function runDir(projectDir: string, runId: string): string {
  if (!/^[\w-]+$/.test(runId)) throw new RegulaError('bad-run-id', `Invalid run id: ${runId.slice(0, 60)}`);
  return path.join(projectDir, RUNS_DIR, runId);
}

export async function writeRun(projectDir: string, run: RunRecord): Promise<void> {
  assertWritable(projectDir);
  const dir = runDir(projectDir, run.id);
  await mkdir(dir, { recursive: true });
  await writeRecord(path.join(dir, 'run.json'), RunRecord, run);
}

export async function readRun(projectDir: string, runId: string): Promise<RunRecord> {
  const file = path.join(runDir(projectDir, runId), 'run.json');
  const run = await readRecord(file, RunRecord, 'run').catch((err: unknown) => {
    // A run that is not there is an unknown id to whoever asked, not a broken record.
    if (err instanceof RegulaError && err.code === 'missing-record') throw new RegulaError('unknown-run', `No run ${runId} in this project.`, { file });
    throw err;
  });
  if (run.modelDir !== undefined && !insideProject(projectDir, run.modelDir)) {
    // A record is data, not a pointer anywhere on the disk: the model must live in the project.
    throw new RegulaError('corrupt-record', `${file} names a model folder outside the project (${run.modelDir.slice(0, 80)}); the run is not opened.`, { file });
  }
  return run;
}

function insideProject(projectDir: string, relative: string): boolean {
  if (relative.includes('\0') || path.isAbsolute(relative)) return false;
  const resolved = path.resolve(projectDir, relative);
  const rel = path.relative(path.resolve(projectDir), resolved);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export interface RunList {
  runs: RunRecord[];
  /** Run folders whose record could not be read: reported, never silently left out. */
  problems: RecordProblem[];
}

export async function listRunsReport(projectDir: string): Promise<RunList> {
  let ids: string[];
  try {
    ids = await readdir(path.join(projectDir, RUNS_DIR));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { runs: [], problems: [] }; // no run yet
    throw err;
  }
  const runs: RunRecord[] = [];
  const problems: RecordProblem[] = [];
  for (const id of ids.sort()) {
    if (!/^[\w-]+$/.test(id)) continue; // not a run folder (e.g. a file someone dropped here)
    try {
      runs.push(await readRun(projectDir, id));
    } catch (err) {
      if (!(err instanceof RegulaError)) throw err;
      problems.push({ file: err.place.file ?? id, code: err.code, message: err.message });
    }
  }
  return { runs: runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt)), problems };
}

export async function listRuns(projectDir: string): Promise<RunRecord[]> {
  return (await listRunsReport(projectDir)).runs;
}

export async function appendEpoch(projectDir: string, runId: string, epoch: EpochMetrics): Promise<void> {
  assertWritable(projectDir);
  const file = path.join(runDir(projectDir, runId), 'metrics.jsonl');
  const line = JSON.stringify(epoch) + '\n';
  try {
    await appendFile(file, line);
  } catch (err) {
    throw writeError(err, file, Buffer.byteLength(line));
  }
}

export async function readEpochs(projectDir: string, runId: string): Promise<EpochMetrics[]> {
  let text: string;
  try {
    text = await readFile(path.join(runDir(projectDir, runId), 'metrics.jsonl'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []; // no epoch finished yet
    throw err;
  }
  const epochs: EpochMetrics[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      continue; // a torn line from a killed process: everything before it is intact
    }
    const parsed = EpochMetrics.safeParse(json);
    if (parsed.success) epochs.push(parsed.data);
  }
  return epochs;
}

/** Replaces metrics.jsonl with exactly these epochs (a resumed run drops what came after its checkpoint). */
export async function rewriteEpochs(projectDir: string, runId: string, epochs: EpochMetrics[]): Promise<void> {
  assertWritable(projectDir);
  await writeFileAtomic(path.join(runDir(projectDir, runId), 'metrics.jsonl'), epochs.map((e) => JSON.stringify(e) + '\n').join(''));
}
