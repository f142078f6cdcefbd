// runs/<id>/run.json (rewritten atomically on each state change) and runs/<id>/metrics.jsonl
// (append-only, one line per epoch). A torn last line — the process died mid-append — is skipped
// on read instead of making the whole run unreadable.
import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { EpochMetrics, RunRecord } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { writeJsonAtomic } from './atomicFile';

export const RUNS_DIR = 'runs';

export function runDir(projectDir: string, runId: string): string {
  if (!/^[\w-]+$/.test(runId)) throw new RegulaError('bad-run-id', `Invalid run id: ${runId.slice(0, 60)}`);
  return path.join(projectDir, RUNS_DIR, runId);
}

export async function writeRun(projectDir: string, run: RunRecord): Promise<void> {
  const dir = runDir(projectDir, run.id);
  await mkdir(dir, { recursive: true });
  await writeJsonAtomic(path.join(dir, 'run.json'), run);
}

export async function readRun(projectDir: string, runId: string): Promise<RunRecord> {
  const file = path.join(runDir(projectDir, runId), 'run.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new RegulaError('unknown-run', `No run ${runId} in this project.`, { file });
  }
  const parsed = RunRecord.safeParse(JSON.parse(text));
  if (!parsed.success) throw new RegulaError('corrupt-run', `${file} is not a readable run record.`, { file });
  return parsed.data;
}

export async function listRuns(projectDir: string): Promise<RunRecord[]> {
  let ids: string[];
  try {
    ids = await readdir(path.join(projectDir, RUNS_DIR));
  } catch {
    return [];
  }
  const runs: RunRecord[] = [];
  for (const id of ids.sort()) {
    try {
      runs.push(await readRun(projectDir, id));
    } catch {
      // A run folder without a readable record (e.g. created by a newer version) is not listed.
    }
  }
  return runs.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function appendEpoch(projectDir: string, runId: string, epoch: EpochMetrics): Promise<void> {
  await appendFile(path.join(runDir(projectDir, runId), 'metrics.jsonl'), JSON.stringify(epoch) + '\n');
}

export async function readEpochs(projectDir: string, runId: string): Promise<EpochMetrics[]> {
  let text: string;
  try {
    text = await readFile(path.join(runDir(projectDir, runId), 'metrics.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const epochs: EpochMetrics[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const parsed = EpochMetrics.safeParse(JSON.parse(line));
      if (parsed.success) epochs.push(parsed.data);
    } catch {
      // torn last line from a killed process: everything before it is intact
    }
  }
  return epochs;
}
