// Recovery when a project is opened (the lock is ours, so nothing else writes here): a run or sweep
// still marked `running` whose process is gone is marked `interrupted`, with the last epoch or
// point that reached the disk; temp files, half-built import folders and half-saved model folders
// left by a killed process are removed. A finished run's files are never touched.
import { lstat, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunRecord, SweepRecord } from '../../../shared/domain';
import { TEMP_MARK } from './atomicFile';
import { readCheckpoint } from './checkpointFile';
import { DATASETS_DIR, IMPORTING_PREFIX } from './datasetStore';
import { LOCK_FILE } from './projectLock';
import { isCurrentProcess, ownerLiveness } from './processOwner';
import { readEpochs, writeRun } from './runStore';
import { writeSweep } from './sweepStore';

/** A lock temp younger than this may belong to another process opening the project right now. */
const LOCK_TEMP_GRACE_MS = 60_000;

export async function removeLeftovers(projectDir: string): Promise<string[]> {
  const removed: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // removed meanwhile
      throw err;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const leftover =
        entry.name.includes(TEMP_MARK) ||
        (entry.isDirectory() && path.basename(dir) === DATASETS_DIR && entry.name.startsWith(IMPORTING_PREFIX)) ||
        (entry.isDirectory() && entry.name === 'model.partial');
      if (leftover) {
        if (entry.name.startsWith(LOCK_FILE) && Date.now() - (await lstat(full)).mtimeMs < LOCK_TEMP_GRACE_MS) continue;
        await rm(full, { recursive: true, force: true });
        removed.push(path.relative(projectDir, full));
      } else if (entry.isDirectory() && !entry.isSymbolicLink() && depth < 4) {
        await walk(full, depth + 1);
      }
    }
  };
  await walk(projectDir, 0);
  return removed;
}

/** Upload folders (regula-upload-*) a killed server left in the temp folder, older than an hour:
 *  an upload in progress is minutes old at most, and its process removes its own folder. */
export async function removeStaleUploads(tmpDir = os.tmpdir(), maxAgeMs = 60 * 60 * 1000): Promise<number> {
  let removed = 0;
  for (const name of await readdir(tmpDir).catch(() => [] as string[])) { // an unreadable temp folder: nothing we may clean
    if (!name.startsWith('regula-upload-')) continue;
    const full = path.join(tmpDir, name);
    const info = await lstat(full).catch(() => undefined); // removed meanwhile by its owner
    if (!info?.isDirectory() || Date.now() - info.mtimeMs < maxAgeMs) continue;
    await rm(full, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** True when the record says running and no live process (other than this one's jobs) runs it. */
export function isAbandoned(record: RunRecord | SweepRecord, activeIds: ReadonlySet<string>): boolean {
  if (record.status !== 'running' || activeIds.has(record.id)) return false;
  // No owner: written before owners were recorded. We hold the lock, so no other Regula runs it;
  // nor can another machine's process, nor this process outside its active jobs.
  if (!record.owner || isCurrentProcess(record.owner)) return true;
  // A live process on this host that still names itself the owner lost the lock to us: it stops
  // writing and its job is left for the next open after it ends.
  return ownerLiveness(record.owner) !== 'alive';
}

export async function interruptRun(projectDir: string, run: RunRecord, now = new Date()): Promise<RunRecord> {
  const epochs = await readEpochs(projectDir, run.id);
  const lastEpoch = epochs.reduce((m, e) => Math.max(m, e.epoch), 0);
  const { owner: _owner, ...rest } = run;
  // The checkpoint on disk, not the record's note of it: the process may have died between saving
  // one and recording it. An unreadable one is left for Resume to report by name.
  const checkpoint = await readCheckpoint(projectDir, run.id).catch(() => null);
  const next: RunRecord = {
    ...rest,
    ...(checkpoint ? { checkpoint: { epoch: checkpoint.header.epoch, savedAt: checkpoint.header.savedAt } } : {}),
    status: 'interrupted',
    epochsRun: lastEpoch,
    finishedAt: now.toISOString(),
    stopReason: `interrupted after epoch ${lastEpoch}: the Regula process running it ended unexpectedly`,
  };
  await writeRun(projectDir, next);
  return next;
}

export async function interruptSweep(projectDir: string, sweep: SweepRecord, now = new Date()): Promise<SweepRecord> {
  const done = sweep.points.filter(Boolean).length;
  const { owner: _owner, ...rest } = sweep;
  const next: SweepRecord = {
    ...rest,
    status: 'interrupted',
    finishedAt: now.toISOString(),
    error: `interrupted after ${done} of ${sweep.spec.steps} λ values: the Regula process running it ended unexpectedly`,
  };
  await writeSweep(projectDir, next);
  return next;
}
