// sweeps/<id>/sweep.json: a regularization path, rewritten atomically as its points arrive.
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SweepRecord } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { writeJsonAtomic } from './atomicFile';

export const SWEEPS_DIR = 'sweeps';

function sweepFile(projectDir: string, sweepId: string): string {
  if (!/^[\w-]+$/.test(sweepId)) throw new RegulaError('bad-sweep-id', `Invalid sweep id: ${sweepId.slice(0, 60)}`);
  return path.join(projectDir, SWEEPS_DIR, sweepId, 'sweep.json');
}

export async function writeSweep(projectDir: string, sweep: SweepRecord): Promise<void> {
  const file = sweepFile(projectDir, sweep.id);
  await mkdir(path.dirname(file), { recursive: true });
  await writeJsonAtomic(file, sweep);
}

export async function listSweeps(projectDir: string): Promise<SweepRecord[]> {
  let ids: string[];
  try {
    ids = await readdir(path.join(projectDir, SWEEPS_DIR));
  } catch {
    return [];
  }
  const sweeps: SweepRecord[] = [];
  for (const id of ids) {
    try {
      const parsed = SweepRecord.safeParse(JSON.parse(await readFile(sweepFile(projectDir, id), 'utf8')));
      if (parsed.success) sweeps.push(parsed.data);
    } catch {
      // not a sweep folder, or unreadable: not listed
    }
  }
  return sweeps.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function readSweep(projectDir: string, sweepId: string): Promise<SweepRecord> {
  const file = sweepFile(projectDir, sweepId);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    throw new RegulaError('unknown-sweep', `No sweep ${sweepId} in this project.`, { file });
  }
  const parsed = SweepRecord.safeParse(json);
  if (!parsed.success) throw new RegulaError('corrupt-sweep', `${file} is not a readable sweep record.`, { file });
  return parsed.data;
}
