// The worker protocol's guarantees, with real processes behind the real LaunchWorker interface:
// a worker of another protocol version is refused before it gets a job, a worker that goes
// silent is killed by the watchdog, and a start message the worker cannot read gets an answer.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RunRecord, RunSpec } from '../../../shared/domain';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker, nodeWorkerLauncher } from '../../../electron/engine/train/nodeWorker';
import { startRun } from '../../../electron/engine/train/runner';
import type { LaunchWorker } from '../../../electron/engine/train/workerChannel';
import { WORKER_PROTOCOL_VERSION } from '../../../electron/engine/train/workerProtocol';
import { engineFixture, tempDir } from '../helpers';

const fake = (name: string) => fileURLToPath(new URL(`./fakeWorkers/${name}`, import.meta.url));

/** A launcher that records what passes through the channel and how the process ended. */
function recording(launch: LaunchWorker) {
  const seen = { sent: [] as unknown[], received: [] as unknown[], exit: undefined as number | null | undefined };
  const launchWorker: LaunchWorker = (options) => {
    const channel = launch(options);
    channel.onMessage((m) => seen.received.push(m));
    channel.onExit((code) => (seen.exit = code));
    return {
      ...channel,
      send: (m) => {
        seen.sent.push(m);
        channel.send(m);
      },
    };
  };
  return { seen, launchWorker };
}

async function runWith(launchWorker: LaunchWorker, watchdogMs?: number) {
  const dir = path.join(await tempDir(), 'P');
  const engine = createEngine({ launchWorker, backendPreference: 'cpu' });
  const project = await engine.createProject(dir, 'P');
  const dataset = await project.importDataset(engineFixture('linear.csv'));
  const handle = await startRun({
    projectDir: dir,
    dataset,
    spec: RunSpec.parse({ datasetId: dataset.id, target: 'y', features: ['a', 'b'], epochs: 50 }),
    launchWorker,
    backendPreference: 'cpu',
    runNumber: 1,
    events: engine.events,
    ...(watchdogMs !== undefined ? { watchdogMs } : {}),
  });
  const run = await handle.done;
  const onDisk = RunRecord.parse(JSON.parse(await readFile(path.join(dir, 'runs', run.id, 'run.json'), 'utf8')));
  await project.close();
  return { run, onDisk };
}

const types = (messages: unknown[]) => messages.map((m) => (m as { type: string }).type);

describe('worker protocol', () => {
  it('refuses a worker that speaks another protocol version: failed run, no job sent', async () => {
    const { seen, launchWorker } = recording(nodeWorkerLauncher(fake('otherProtocol.mjs')));
    const { run, onDisk } = await runWith(launchWorker);
    expect(run.status).toBe('failed');
    expect(run.error).toContain('protocol version 999');
    expect(run.error).toContain(`version ${WORKER_PROTOCOL_VERSION}`);
    expect(onDisk).toMatchObject({ status: 'failed', error: run.error });
    // The job never went to that worker, and it was stopped.
    expect(seen.sent).toEqual([]);
    await expect.poll(() => seen.exit, { timeout: 10_000 }).not.toBeUndefined();
  }, 30_000);

  it('kills a worker that goes silent and fails the run with that reason', async () => {
    const { seen, launchWorker } = recording(nodeWorkerLauncher(fake('goesSilent.mjs'), [], [`--protocol=${WORKER_PROTOCOL_VERSION}`]));
    const started = Date.now();
    const { run, onDisk } = await runWith(launchWorker, 1500);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/stopped responding \(no message for 1\.5 s\)/);
    expect(onDisk.error).toBe(run.error);
    // It got its job after a proper hello, and was silent from then on.
    expect(types(seen.sent)).toEqual(['start']);
    expect(types(seen.received)[0]).toBe('hello');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
    // Killed, not left running: its exit comes with a signal, not a code.
    await expect.poll(() => seen.exit, { timeout: 10_000 }).toBeNull();
  }, 30_000);

  it('answers a start message it cannot read with an error, then exits', async () => {
    const worker = launchNodeWorker({ backendPreference: 'cpu' });
    const received: unknown[] = [];
    const exited = new Promise<number | null>((resolve) => worker.onExit(resolve));
    const hello = new Promise<void>((resolve) =>
      worker.onMessage((m) => {
        received.push(m);
        if ((m as { type: string }).type === 'hello') resolve();
      }),
    );
    await hello;
    expect(received[0]).toMatchObject({ type: 'hello', protocol: WORKER_PROTOCOL_VERSION, backend: { name: 'cpu' } });
    worker.send({ type: 'start', runId: 42, spec: {} });
    expect(await exited).toBe(1);
    const error = received.find((m) => (m as { type: string }).type === 'error');
    expect(error).toMatchObject({ type: 'error', error: { code: 'bad-worker-message' } });
    expect((error as { error: { message: string } }).error.message).toMatch(/could not read its start message \(.*runId/);
  }, 60_000);
});
