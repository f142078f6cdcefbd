// Resume after a crash, as it really happens: a dense run trained by the CLI, `kill -9` of its
// training worker and of the CLI's whole process group mid-run, a reopen (the run is
// `interrupted`, its checkpoint recorded), then `regula resume`. The resumed run keeps its id, ends
// `completed` with every epoch once in metrics.jsonl, and — because a checkpoint holds the whole
// loop state and the wasm backend is deterministic — its saved weights are byte for byte those of
// an uninterrupted run with the same seed, and so is every epoch's loss. Retry and the refusals
// (no checkpoint, wrong status) are checked through the engine.
import { execFile, spawn, execFileSync } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { engineFixture, repoRoot, tempDir } from '../helpers';

const bin = path.join(repoRoot, 'bin', 'regula.mjs');
const env = { ...process.env, REGULA_BACKEND: 'wasm', REGULA_CHECKPOINT_EPOCHS: '50' };
const EPOCHS = 1500;
const denseRun = (project: string) => ['train', engineFixture('linear.csv'), '--target', 'y', '--model', 'mlp', '--hidden', '16', '--epochs', String(EPOCHS), '--seed', '3', '--project', project, '--json', '--quiet'];

const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as { epoch: number; loss: number; valLoss?: number });

async function until<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 2400; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('resuming an interrupted run', () => {
  it('kill -9 of worker and CLI → reopen → interrupted → regula resume → completed, equal to an uninterrupted run', async () => {
    const root = await tempDir();
    const reference = path.join(root, 'reference');
    const project = path.join(root, 'P');
    const ref = JSON.parse((await promisify(execFile)(process.execPath, [bin, ...denseRun(reference)], { env })).stdout);
    expect(ref).toMatchObject({ status: 'completed', epochsRun: EPOCHS });

    const cli = spawn(process.execPath, [bin, ...denseRun(project)], { env, detached: true, stdio: 'ignore' });
    const exited = new Promise((resolve) => cli.on('exit', resolve));
    // Killed once a checkpoint past epoch 200 is on disk and before the run can end.
    const runId = await until('a checkpoint', async () => {
      const { readdir } = await import('node:fs/promises');
      for (const id of await readdir(path.join(project, 'runs')).catch(() => [])) {
        const record = JSON.parse(await readFile(path.join(project, 'runs', id, 'run.json'), 'utf8').catch(() => '{}'));
        if ((record.checkpoint?.epoch ?? 0) >= 200) return id as string;
      }
      return undefined;
    });
    const worker = execFileSync('pgrep', ['-P', String(cli.pid)]).toString().trim().split('\n').map(Number);
    expect(worker.length).toBeGreaterThan(0);
    for (const pid of worker) process.kill(pid, 'SIGKILL');
    process.kill(-cli.pid!, 'SIGKILL');
    await exited;
    const onDisk = await lines(path.join(project, 'runs', runId, 'metrics.jsonl'));
    expect(onDisk.length).toBeLessThan(EPOCHS); // really killed mid-way

    const engine = createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });
    const reopened = await engine.openProject(project);
    const interrupted = (await reopened.listRuns()).find((r) => r.id === runId)!;
    expect(interrupted.status).toBe('interrupted');
    const checkpointEpoch = interrupted.checkpoint!.epoch;
    expect(checkpointEpoch % 50).toBe(0);
    expect(checkpointEpoch).toBeLessThanOrEqual(onDisk.length);
    await reopened.close();

    const resumed = JSON.parse((await promisify(execFile)(process.execPath, [bin, 'resume', '--project', project, '--run', runId, '--json', '--quiet'], { env })).stdout);
    expect(resumed).toMatchObject({ runId, status: 'completed', epochsRun: EPOCHS, resumedFrom: [checkpointEpoch] });
    expect(resumed.checkpoint).toBeUndefined();
    await expect(access(path.join(project, 'runs', runId, 'checkpoint.bin'))).rejects.toThrow(); // a finished run keeps none

    // Every epoch once, in order, and the same losses as the run that was never interrupted.
    const after = await lines(path.join(project, 'runs', runId, 'metrics.jsonl'));
    const refLines = await lines(path.join(reference, 'runs', ref.runId, 'metrics.jsonl'));
    expect(after.map((e) => e.epoch)).toEqual(Array.from({ length: EPOCHS }, (_, i) => i + 1));
    expect(after.map((e) => [e.loss, e.valLoss])).toEqual(refLines.map((e) => [e.loss, e.valLoss]));
    const weights = await readFile(path.join(project, 'runs', runId, 'model', 'weights.bin'));
    expect(weights.equals(await readFile(path.join(reference, 'runs', ref.runId, 'model', 'weights.bin')))).toBe(true);
    expect(resumed.metrics).toEqual(ref.metrics);
  }, 600_000);

  it('Retry starts a new run with the same spec; Resume refuses runs without a checkpoint or not stopped', async () => {
    const project = path.join(await tempDir(), 'P');
    const engine = createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });
    const open = await engine.createProject(project, 'P');
    const dataset = await open.importDataset(engineFixture('linear.csv'));
    // The exact linear solver: finished in a moment, no checkpoint.
    const linear = await open.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b'], epochs: 50 });
    const done = await linear.done;
    expect(done.status).toBe('completed');
    await expect(open.resumeRun(done.id)).rejects.toThrow(/is completed; only an interrupted, cancelled or failed run can be resumed/);
    // Cancelled before any checkpoint: nothing to resume from, and the message points to Retry.
    const dense = await open.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b'], model: { kind: 'mlp', layers: [{ units: 4 }] }, epochs: 100000 });
    dense.cancel();
    const cancelled = await dense.done;
    expect(cancelled.status).toBe('cancelled');
    await expect(open.resumeRun(cancelled.id)).rejects.toMatchObject({ code: 'no-checkpoint', message: expect.stringMatching(/use Retry/) });
    const retry = await open.retryRun(cancelled.id);
    expect(retry.runId).not.toBe(cancelled.id);
    retry.cancel();
    const retried = await retry.done;
    expect(retried.spec).toEqual(cancelled.spec);
    await open.close();
  }, 240_000);
});
