// sweeps/<id>/sweep.json: a regularization path, rewritten atomically as its points arrive.
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { SweepRecord } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { assertWritable } from './projectLock';
import { readRecord, writeRecord, type RecordProblem } from './recordFile';

export const SWEEPS_DIR = 'sweeps';

export function sweepFile(projectDir: string, sweepId: string): string {
  if (!/^[\w-]+$/.test(sweepId)) throw new RegulaError('bad-sweep-id', `Invalid sweep id: ${sweepId.slice(0, 60)}`);
  return path.join(projectDir, SWEEPS_DIR, sweepId, 'sweep.json');
}

export async function writeSweep(projectDir: string, sweep: SweepRecord): Promise<void> {
  assertWritable(projectDir);
  const file = sweepFile(projectDir, sweep.id);
  await mkdir(path.dirname(file), { recursive: true });
  await writeRecord(file, SweepRecord, sweep);
}

export function readSweep(projectDir: string, sweepId: string): Promise<SweepRecord> {
  return readRecord(sweepFile(projectDir, sweepId), SweepRecord, 'sweep');
}

export async function listSweepsReport(projectDir: string): Promise<{ sweeps: SweepRecord[]; problems: RecordProblem[] }> {
  let ids: string[];
  try {
    ids = await readdir(path.join(projectDir, SWEEPS_DIR));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { sweeps: [], problems: [] }; // no sweep yet
    throw err;
  }
  const sweeps: SweepRecord[] = [];
  const problems: RecordProblem[] = [];
  for (const id of ids.sort()) {
    if (!/^[\w-]+$/.test(id)) continue; // not a sweep folder
    try {
      sweeps.push(await readSweep(projectDir, id));
    } catch (err) {
      if (!(err instanceof RegulaError)) throw err;
      problems.push({ file: err.place.file ?? id, code: err.code, message: err.message });
    }
  }
  return { sweeps: sweeps.sort((a, b) => a.createdAt.localeCompare(b.createdAt)), problems };
}

export async function listSweeps(projectDir: string): Promise<SweepRecord[]> {
  return (await listSweepsReport(projectDir)).sweeps;
}

