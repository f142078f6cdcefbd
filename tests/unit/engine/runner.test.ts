// Real training in a real worker process, on a real CSV: what a run leaves on disk.
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunRecord } from '../../../shared/domain';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import type { LaunchWorker } from '../../../electron/engine/train/workerChannel';
import { engineFixture, tempDir } from '../helpers';

async function projectWithData(launchWorker: LaunchWorker = launchNodeWorker) {
  const dir = path.join(await tempDir(), 'P');
  const project = await createEngine({ launchWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
  const dataset = await project.importDataset(engineFixture('linear.csv'));
  return { dir, project, dataset };
}

/** Waits until the run's first epoch is on disk (the worker is past start-up and training). */
async function firstEpochRecorded(dir: string, runId: string): Promise<void> {
  const metrics = path.join(dir, 'runs', runId, 'metrics.jsonl');
  for (let i = 0; i < 1200; i++) {
    const text = await readFile(metrics, 'utf8').catch(() => '');
    if (text.includes('"epoch"')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no epoch was recorded within a minute');
}

describe('training runs', () => {
  it('trains an L1 linear model and keeps run.json, metrics.jsonl and the model package', async () => {
    const { dir, project, dataset } = await projectWithData();
    const epochs: number[] = [];
    const handle = await project.startRun({
      datasetId: dataset.id,
      target: 'y',
      features: ['a', 'b', 'noise', 'region'],
      model: { kind: 'linear' },
      regularizer: { kind: 'l1', l1: 0.5 },
      epochs: 200,
    });
    const run = await handle.done;
    expect(run.status).toBe('completed');
    expect(run.backend).toBe('wasm');
    expect(run.task).toBe('regression');
    expect(run.features?.map((f) => f.name).sort()).toEqual(['a', 'b', 'noise', 'region=east', 'region=north', 'region=south']);
    expect(run.metrics?.validation.r2).toBeGreaterThan(0.9);
    // A strong L1 penalty zeroes the irrelevant input exactly.
    const noise = run.coefficients?.find((c) => c.feature === 'noise');
    expect(noise?.value).toBe(0);
    expect(run.sparsity?.zeros).toBeGreaterThan(0);

    const runDir = path.join(dir, 'runs', run.id);
    const onDisk = RunRecord.parse(JSON.parse(await readFile(path.join(runDir, 'run.json'), 'utf8')));
    expect(onDisk.status).toBe('completed');
    const lines = (await readFile(path.join(runDir, 'metrics.jsonl'), 'utf8')).trim().split('\n');
    for (const line of lines) epochs.push(JSON.parse(line).epoch);
    // The linear solver logs its convergence from its first sweep on (at sweeps 1, 2, 4, …); coordinate
    // descent often reaches the optimum in the first.
    expect(epochs[0]).toBe(1);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(epochs.at(-1)).toBe(run.epochsRun);
    expect((await readdir(path.join(runDir, 'model'))).sort()).toEqual(['model.json', 'preprocessing.json', 'weights.bin']);
    const prep = JSON.parse(await readFile(path.join(runDir, 'model', 'preprocessing.json'), 'utf8'));
    expect(prep.target).toMatchObject({ name: 'y', task: 'regression' });
    expect(prep.inputs).toHaveLength(6);
    await project.close();
  });

  it('marks a run failed when its worker is killed mid-run, and the project stays readable', async () => {
    let kill: (() => void) | undefined;
    const killable: LaunchWorker = () => {
      const channel = launchNodeWorker();
      kill = channel.kill;
      return channel;
    };
    const { dir, project, dataset } = await projectWithData(killable);
    const handle = await project.startRun({
      datasetId: dataset.id,
      target: 'y',
      features: ['a', 'b'],
      model: { kind: 'mlp', layers: [{ units: 64, activation: 'relu', dropout: 0 }] },
      epochs: 5000,
      batchSize: 8,
    });
    await firstEpochRecorded(dir, handle.runId);
    kill!();
    const run = await handle.done;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/exited unexpectedly/);
    await project.close();

    const reopened = await createEngine({ launchWorker: launchNodeWorker }).openProject(dir);
    const runs = await reopened.listRuns();
    expect(runs.map((r) => r.status)).toEqual(['failed']);
    expect((await reopened.runMetrics(run.id)).length).toBeGreaterThan(0);
    await reopened.close();
  });

  it('cancels a run at a batch boundary and records it as cancelled', async () => {
    const { dir, project, dataset } = await projectWithData();
    const handle = await project.startRun({
      datasetId: dataset.id,
      target: 'y',
      features: ['a', 'b'],
      model: { kind: 'mlp', layers: [{ units: 32, activation: 'relu', dropout: 0 }] },
      epochs: 5000,
      batchSize: 8,
    });
    await firstEpochRecorded(dir, handle.runId);
    handle.cancel();
    const run = await handle.done;
    expect(run.status).toBe('cancelled');
    // Stopped by the worker itself (which then saved its model), not by the kill after the grace time.
    expect(run.stopReason).toBe('cancelled');
    expect(run.modelDir).toBeDefined();
    expect(run.epochsRun).toBeLessThan(5000);
    await project.close();
  });
});
