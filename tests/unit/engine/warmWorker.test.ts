// The warm worker: started ahead of a run, handed to the next job with what it said while
// waiting, replaced once it has served its job. First its bookkeeping with in-memory channels,
// then real runs through the engine on a real worker process.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, keepWorkerWarm } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import type { LaunchWorker, WorkerChannel, WorkerLaunchOptions } from '../../../electron/engine/train/workerChannel';
import { engineFixture, tempDir } from '../helpers';

/** An in-memory worker: the test plays its side. */
class FakeChannel implements WorkerChannel {
  referenced = true;
  killed = false;
  sent: unknown[] = [];
  private messageHandlers: ((m: unknown) => void)[] = [];
  private exitHandlers: ((code: number | null) => void)[] = [];
  constructor(readonly options: WorkerLaunchOptions | undefined) {}
  send(m: unknown) {
    this.sent.push(m);
  }
  onMessage(h: (m: unknown) => void) {
    this.messageHandlers.push(h);
  }
  onExit(h: (code: number | null) => void) {
    this.exitHandlers.push(h);
  }
  kill() {
    this.killed = true;
    this.exit(null);
  }
  unref() {
    this.referenced = false;
  }
  ref() {
    this.referenced = true;
  }
  say(m: unknown) {
    this.messageHandlers.forEach((h) => h(m));
  }
  exit(code: number | null) {
    this.exitHandlers.forEach((h) => h(code));
  }
}

function fakeLauncher() {
  const launched: FakeChannel[] = [];
  const launch: LaunchWorker = (options) => {
    const channel = new FakeChannel(options);
    launched.push(channel);
    return channel;
  };
  return { launched, launch };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('keepWorkerWarm', () => {
  it('starts a worker at once and hands it to the next job with its early messages, in order', async () => {
    const { launched, launch } = fakeLauncher();
    const warm = keepWorkerWarm(launch, { backendPreference: 'wasm' });
    expect(launched).toHaveLength(1);
    const waiting = launched[0]!;
    expect(waiting.options).toEqual({ backendPreference: 'wasm' });
    // Waiting, it does not keep this process alive.
    expect(waiting.referenced).toBe(false);
    waiting.say({ type: 'heartbeat' });
    waiting.say({ type: 'hello', protocol: 1 });
    waiting.say({ type: 'heartbeat' });

    const channel = warm.launchWorker({ backendPreference: 'wasm' });
    expect(launched).toHaveLength(1);
    expect(waiting.referenced).toBe(true);
    const received: unknown[] = [];
    channel.onMessage((m) => received.push(m));
    waiting.say({ type: 'backend', name: 'wasm', native: false });
    await tick();
    // Kept messages first (heartbeats dropped), then live ones.
    expect(received).toEqual([{ type: 'hello', protocol: 1 }, { type: 'backend', name: 'wasm', native: false }]);
    channel.send({ type: 'start' });
    expect(waiting.sent).toEqual([{ type: 'start' }]);
    warm.dispose();
  });

  it('starts the next warm worker only when the job’s worker has exited', async () => {
    const { launched, launch } = fakeLauncher();
    const warm = keepWorkerWarm(launch, { backendPreference: 'wasm' });
    const exits: (number | null)[] = [];
    warm.launchWorker({ backendPreference: 'wasm' }).onExit((code) => exits.push(code));
    expect(launched).toHaveLength(1);
    launched[0]!.exit(0);
    expect(exits).toEqual([0]);
    expect(launched).toHaveLength(2);
    expect(launched[1]!.referenced).toBe(false);
    // dispose stops the waiting one and starts no more.
    warm.dispose();
    expect(launched[1]!.killed).toBe(true);
    expect(launched).toHaveLength(2);
  });

  it('launches afresh when the warm worker died waiting, or another backend is wanted', () => {
    const { launched, launch } = fakeLauncher();
    const warm = keepWorkerWarm(launch, { backendPreference: 'wasm' });
    launched[0]!.exit(1); // crashed at start-up
    warm.launchWorker({ backendPreference: 'wasm' });
    expect(launched).toHaveLength(2);
    expect(launched[1]!.referenced).toBe(true);
    // A died-waiting worker is not replaced until a job ends (no restart loop on a broken install).
    launched[1]!.exit(0);
    expect(launched).toHaveLength(3);
    warm.launchWorker({ backendPreference: 'cpu' });
    expect(launched).toHaveLength(4);
    expect(launched[3]!.options).toEqual({ backendPreference: 'cpu' });
    expect(launched[2]!.sent).toEqual([]); // the warm wasm worker still waits
    warm.dispose();
  });

  it('gives a job that subscribes after its warm worker exited that exit', async () => {
    const { launched, launch } = fakeLauncher();
    const warm = keepWorkerWarm(launch, { backendPreference: 'cpu', replenish: false });
    const channel = warm.launchWorker();
    launched[0]!.exit(3);
    const codes: (number | null)[] = [];
    channel.onExit((code) => codes.push(code));
    await tick();
    expect(codes).toEqual([3]);
    // replenish: false (a CLI command) starts no second worker.
    expect(launched).toHaveLength(1);
  });
});

describe('runs on warm workers', () => {
  it('trains on the worker started ahead, replaces it, and a killed run still fails cleanly', async () => {
    const launched: WorkerChannel[] = [];
    const counting: LaunchWorker = (options) => {
      const channel = launchNodeWorker(options);
      launched.push(channel);
      return channel;
    };
    const warm = keepWorkerWarm(counting, { backendPreference: 'wasm' });
    const dir = path.join(await tempDir(), 'P');
    const project = await createEngine({ launchWorker: warm.launchWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    expect(launched).toHaveLength(1);

    const first = await (await project.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b'], regularizer: { kind: 'l1', l1: 0.1 }, epochs: 50 })).done;
    expect(first.status).toBe('completed');
    expect(first.backend).toBe('wasm');
    // The run used the prestarted worker; a new one is started once that one has exited.
    await expect.poll(() => launched.length, { timeout: 10_000 }).toBe(2);

    let epochs = 0;
    const second = await project.startRun({
      datasetId: dataset.id,
      target: 'y',
      features: ['a', 'b'],
      model: { kind: 'mlp', layers: [{ units: 32, activation: 'relu', dropout: 0 }] },
      epochs: 5000,
      batchSize: 8,
    });
    const metrics = path.join(dir, 'runs', second.runId, 'metrics.jsonl');
    await expect.poll(async () => (epochs = (await readFile(metrics, 'utf8').catch(() => '')).split('\n').length - 1), { timeout: 60_000 }).toBeGreaterThan(0);
    launched[1]!.kill();
    const killed = await second.done;
    expect(killed.status).toBe('failed');
    expect(killed.error).toMatch(/exited unexpectedly/);
    expect(epochs).toBeGreaterThan(0);
    warm.dispose();
    await project.close();
  });
});
