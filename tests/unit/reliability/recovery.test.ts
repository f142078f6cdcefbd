// Recovery on open, without training: a sweep and a run whose process is gone are marked
// interrupted with what reached the disk (a torn last metrics line tolerated), finished records
// are left byte for byte, and leftovers of killed saves and imports are removed.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import os from 'node:os';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunRecord, SCHEMA_VERSION, SweepRecord } from '../../../shared/domain';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { removeStaleUploads } from '../../../electron/engine/store/recovery';
import { writeRun } from '../../../electron/engine/store/runStore';
import { writeSweep } from '../../../electron/engine/store/sweepStore';
import { repoRoot, tempDir } from '../helpers';

const engine = () => createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });
const deadOwner = () => ({ pid: spawnSync(process.execPath, ['-e', '0']).pid!, host: os.hostname(), startedAt: new Date().toISOString() });
const base = RunRecord.shape.spec.parse({ datasetId: 'd-1', target: 'y', features: ['a'], epochs: 50 });
const epoch = (n: number) => JSON.stringify({ epoch: n, loss: 1 / n, epochMs: 3 });

describe('recovery on open', () => {
  it('marks a dead process\'s run and sweep interrupted, keeps finished ones as they were, removes leftovers', async () => {
    const dir = path.join(await tempDir(), 'P');
    await (await engine().createProject(dir, 'P')).close();
    const now = new Date().toISOString();
    const running: RunRecord = { schemaVersion: SCHEMA_VERSION, id: 'r-run', name: 'Run 1', createdAt: now, status: 'running', spec: base, epochsRun: 0, owner: deadOwner() };
    const done: RunRecord = { ...running, id: 'r-done', name: 'Run 2', status: 'completed', epochsRun: 50, finishedAt: now };
    await writeRun(dir, running);
    await writeRun(dir, done);
    // Three whole epochs and a fourth torn by the kill.
    await writeFile(path.join(dir, 'runs', 'r-run', 'metrics.jsonl'), `${epoch(1)}\n${epoch(2)}\n${epoch(3)}\n${epoch(4).slice(0, 9)}`);
    const point = { lambda: 1, lambda1: 1, lambda2: 0, metrics: { train: {}, validation: {} }, loss: { data: 1, penalty: 0, total: 1 }, weights: 1, zeros: 0 };
    const sweep: SweepRecord = {
      schemaVersion: SCHEMA_VERSION, id: 's-1', name: 'Path', createdAt: now, status: 'running', owner: deadOwner(),
      spec: { base, reg: 'l1', from: 1, to: 0.01, steps: 5 }, points: [point, point],
    };
    await writeSweep(dir, sweep);
    const doneBytes = await readFile(path.join(dir, 'runs', 'r-done', 'run.json'), 'utf8');
    await writeFile(path.join(dir, 'sweeps', 's-1', 'sweep.json.tmp-123abc'), '{"half":');
    await mkdir(path.join(dir, 'datasets', '.importing-d-x', 'table'), { recursive: true });
    await mkdir(path.join(dir, 'runs', 'r-run', 'model.partial'));

    // `regula runs` reads without the lock and repairs nothing, but never shows a dead run as live.
    const listed = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin', 'regula.mjs'), 'runs', '--project', dir, '--json']);
    expect(JSON.parse(listed.stdout).runs.map((r: RunRecord) => [r.id, r.status]).sort()).toEqual([['r-done', 'completed'], ['r-run', 'interrupted']]);

    const project = await engine().openProject(dir);
    const runs = await project.listRuns();
    const interrupted = runs.find((r) => r.id === 'r-run')!;
    expect(interrupted).toMatchObject({ status: 'interrupted', epochsRun: 3 });
    expect(Date.parse(interrupted.finishedAt!)).toBeGreaterThanOrEqual(Date.parse(now));
    expect((await project.runMetrics('r-run')).map((e) => e.epoch)).toEqual([1, 2, 3]);
    const [path1] = await project.listSweeps();
    expect(path1).toMatchObject({ status: 'interrupted', points: [point, point] });
    expect(path1!.error).toMatch(/after 2 of 5 λ values/);
    expect(await readFile(path.join(dir, 'runs', 'r-done', 'run.json'), 'utf8')).toBe(doneBytes);
    expect(await readdir(path.join(dir, 'sweeps', 's-1'))).toEqual(['sweep.json']);
    expect(await readdir(path.join(dir, 'datasets'))).toEqual([]);
    expect(await readdir(path.join(dir, 'runs', 'r-run'))).toEqual(['metrics.jsonl', 'run.json']);
    expect(project.notices.join('\n')).toMatch(/Run 1 was interrupted/);
    await project.close();
  });

  it('retries a run with the same spec', async () => {
    const dir = path.join(await tempDir(), 'P');
    const source = path.join(await tempDir(), 'small.csv');
    await writeFile(source, 'a,y\n1,2\n2,4\n3,6\n4,8\n');
    // A worker that never answers: enough to see the new run start; a hard cancel ends it.
    let exit: (code: number | null) => void = () => undefined;
    const launchWorker = () => ({ send: () => undefined, onMessage: () => undefined, onExit: (h: typeof exit) => (exit = h), kill: () => exit(null) });
    const project = await createEngine({ launchWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const dataset = await project.importDataset(source);
    const spec = RunRecord.shape.spec.parse({ datasetId: dataset.id, target: 'y', features: ['a'], epochs: 7, seed: 3 });
    const old: RunRecord = { schemaVersion: SCHEMA_VERSION, id: 'r-old', name: 'Run 1', createdAt: new Date().toISOString(), status: 'interrupted', spec, epochsRun: 2 };
    await writeRun(dir, old);
    const handle = await project.retryRun('r-old');
    expect(handle.runId).not.toBe('r-old');
    handle.cancel(true);
    const retried = await handle.done;
    expect(retried.spec).toEqual(spec);
    expect(retried.status).toBe('cancelled');
    await project.close();
  });

  it('removes upload folders a killed server left behind, but not recent ones', async () => {
    const tmp = await tempDir();
    const old = path.join(tmp, 'regula-upload-old');
    const fresh = path.join(tmp, 'regula-upload-fresh');
    await mkdir(old);
    await mkdir(fresh);
    await writeFile(path.join(old, 'sales.csv'), 'a\n1\n');
    const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
    await utimes(old, dayAgo, dayAgo);
    expect(await removeStaleUploads(tmp)).toBe(1);
    expect(await readdir(tmp)).toEqual(['regula-upload-fresh']);
  });
});
