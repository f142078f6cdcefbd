// A record that cannot be saved ends the job failed with the reason — never "completed" with the
// failure only in a log line — and a full disk during an import names the folder and leaves the
// project as it was.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunRecord, SCHEMA_VERSION } from '../../../shared/domain';
import { createEngine } from '../../../electron/engine/index';
import { RegulaError } from '../../../electron/engine/errors';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import type { WorkerChannel } from '../../../electron/engine/train/workerChannel';
import { WorkerJob } from '../../../electron/engine/train/workerJob';
import { WORKER_PROTOCOL_VERSION, type FromWorker } from '../../../electron/engine/train/workerProtocol';
import { engineFixture, snapshotTree } from '../helpers';

/** A worker that reports epochs and then a result, driven by the test. */
function scriptedWorker() {
  let onMessage: (m: unknown) => void = () => undefined;
  let onExit: (code: number | null) => void = () => undefined;
  const state = { killed: false };
  const channel: WorkerChannel = {
    send: () => undefined,
    onMessage: (h) => (onMessage = h),
    onExit: (h) => (onExit = h),
    kill: () => {
      state.killed = true;
      queueMicrotask(() => onExit(null));
    },
  };
  return { channel, state, emit: (m: FromWorker) => onMessage(m) };
}

const record: RunRecord = RunRecord.parse({
  schemaVersion: SCHEMA_VERSION,
  id: 'r-1',
  name: 'Run 1',
  createdAt: new Date().toISOString(),
  status: 'running',
  spec: { datasetId: 'd-1', target: 'y', features: ['a'], epochs: 10 },
});

describe('failed record writes', () => {
  it('end the run failed with the reason and stop its worker', async () => {
    const worker = scriptedWorker();
    const written: string[] = [];
    const job = new WorkerJob<RunRecord>({
      record,
      persist: async (r) => {
        if (r.status === 'running' && written.length >= 1) {
          throw new RegulaError('disk-full', 'Cannot save run.json in /p/runs/r-1: the disk is full (14.8 KB needed).');
        }
        written.push(r.status);
      },
      launchWorker: () => worker.channel,
      start: { type: 'cancel' },
      onMessage: (message, j) => {
        if (message.type === 'backend') j.update({ backend: message.name });
        if (message.type === 'prepared') j.update({ task: message.task });
        return undefined;
      },
      onExit: () => ({ status: 'completed' }),
      onFailure: (reason) => ({ status: 'failed', error: reason }),
    });
    worker.emit({ type: 'hello', protocol: WORKER_PROTOCOL_VERSION });
    worker.emit({ type: 'backend', name: 'wasm', native: false });
    worker.emit({ type: 'prepared', task: 'regression', features: [] });
    const done = await job.done;
    expect(done.status).toBe('failed');
    expect(done.error).toMatch(/could not be saved: Cannot save run\.json .* disk is full/);
    expect(worker.state.killed).toBe(true);
    expect(written).toEqual(['running', 'failed']); // the reason reached the disk once space was back
  });
});

// A real full disk for an import: a small tmpfs (root only; skipped elsewhere).
const mountPoint = path.join('/tmp', `regula-tmpfs-import-${process.pid}`);
let mounted = false;
beforeAll(async () => {
  await mkdir(mountPoint, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false; // not root: nothing to mount
  }
});
afterAll(async () => {
  if (mounted) execFileSync('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

describe('disk full during an import', () => {
  it('names the folder and the space needed, and leaves the project as it was', async (ctx) => {
    if (!mounted) ctx.skip();
    const dir = path.join(mountPoint, 'P');
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    // Leave less room than the dataset needs (linear.csv is ~14 KB; its copy, columns and record more).
    const free = 24 * 1024;
    const used = Number(execFileSync('df', ['--output=avail', '-B1', mountPoint]).toString().split('\n')[1]);
    await writeFile(path.join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, used - free)));
    const before = await snapshotTree(dir);
    const error = await project.importDataset(engineFixture('linear.csv')).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'disk-full' });
    expect((error as Error).message).toMatch(new RegExp(`in ${dir}.*disk is full \\(\\d+(\\.\\d)? (KB|bytes) needed\\)`));
    expect(await snapshotTree(dir)).toEqual(before);
    expect(await readdir(path.join(dir, 'datasets')).catch(() => [])).toEqual([]);
    await project.close();
  });
});
