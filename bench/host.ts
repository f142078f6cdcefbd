// Does the window's process stay responsive while the engine works? The process that serves the
// window (Electron's main; here this bench process plays it) measures its own event-loop delay
// with perf_hooks.monitorEventLoopDelay while a generated 1,000,000 × 22 CSV is imported and a
// linear run trains on it — once with the engine in this process (how Electron main was wired
// before), once with the engine host in its own process (the utility-process design; this process
// then only relays small messages, as main does).
//   npx tsx bench/host.ts [--rows 1000000] [--epochs 20]
// Prints a markdown table for the README. Files go to a temp folder and are deleted afterwards.
import { fork } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { createEngineHost } from '../electron/app/engineHost';
import { FromHost, type ToHost } from '../electron/app/hostProtocol';
import { launchNodeWorker, type WorkerChannel } from '../electron/engine/index';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const rows = arg('rows', 1_000_000);
const epochs = arg('epochs', 20);

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  const header = [...Array.from({ length: 20 }, (_, j) => `x${j}`), 'group', 'y'];
  out.write(header.join(',') + '\n');
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < rows; i++) {
    const xs = Array.from({ length: 20 }, () => rand());
    const y = 3 * xs[0]! - 2 * xs[1]! + 0.5 * xs[2]! + 0.1 * rand();
    if (!out.write(`${xs.map((x) => x.toFixed(5)).join(',')},g${i % 5},${y.toFixed(5)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Page {
  request(channel: string, payload: unknown): Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
  waitFor(event: string): Promise<unknown>;
  close(): Promise<void>;
}

/** The engine in this very process, as Electron main used to run it. */
async function inProcess(dir: string, file: string): Promise<Page> {
  const waiters = new Map<string, (payload: unknown) => void>();
  const host = createEngineHost({
    host: { mode: 'electron', projectsHome: dir, stateDir: dir, dialogs: { openProjectFolder: async () => null, newProjectFolder: async () => null, openDataFile: async () => file, saveFile: async () => null } },
    launchWorker: launchNodeWorker,
    version: 'bench',
  });
  host.events.onAny((event, payload) => waiters.get(event)?.(payload));
  return {
    request: (channel, payload) => host.dispatch(channel, payload) as never,
    waitFor: (event) => new Promise((resolve) => waiters.set(event, resolve)),
    close: () => host.dispose(),
  };
}

/** The engine host in a child process; this process answers its requests and relays the page. */
async function inHostProcess(dir: string, file: string): Promise<Page> {
  const child = fork(fileURLToPath(new URL('./hostChild.ts', import.meta.url)), [], { execArgv: ['--import', import.meta.resolve('tsx')], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const toHost = (data: ToHost) => {
    if (child.connected) child.send({ to: 'host', data });
  };
  const replies = new Map<number, (reply: never) => void>();
  const waiters = new Map<string, (payload: unknown) => void>();
  const workers = new Map<number, WorkerChannel>();
  let nextId = 1;
  child.on('message', (raw: { to: string; data: Record<string, unknown> }) => {
    if (raw.to === 'page') {
      const m = raw.data;
      if (m['type'] === 'reply') replies.get(m['id'] as number)?.(m['reply'] as never);
      if (m['type'] === 'event') waiters.get(m['event'] as string)?.(m['payload']);
      return;
    }
    const parsed = FromHost.safeParse(raw.data);
    if (!parsed.success) return;
    const m = parsed.data;
    if (m.type === 'dialog') toHost({ type: 'dialog-reply', id: m.id, path: m.kind === 'openDataFile' ? file : null });
    if (m.type === 'worker-launch') {
      const worker = launchNodeWorker();
      workers.set(m.workerId, worker);
      worker.onMessage((message) => toHost({ type: 'worker-message', workerId: m.workerId, message }));
      worker.onExit((code) => toHost({ type: 'worker-exit', workerId: m.workerId, code }));
    }
    if (m.type === 'worker-send') workers.get(m.workerId)?.send(m.message);
    if (m.type === 'worker-kill') workers.get(m.workerId)?.kill();
  });
  toHost({ type: 'configure', projectsHome: dir, stateDir: dir, version: 'bench' });
  toHost({ type: 'connect' });
  return {
    request: (channel, payload) =>
      new Promise((resolve) => {
        const id = nextId++;
        replies.set(id, resolve);
        child.send({ to: 'page', data: { type: 'request', id, channel, payload } });
      }),
    waitFor: (event) => new Promise((resolve) => waiters.set(event, resolve)),
    close: async () => {
      child.kill();
      await once(child, 'exit');
    },
  };
}

async function measure(label: string, open: (dir: string, file: string) => Promise<Page>, file: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'regula-bench-host-'));
  const page = await open(dir, file);
  await page.request('project:create', { name: 'Bench' });
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const imported = await page.request('dataset:importDialog', {});
  if (!imported.ok) throw new Error(`import failed: ${JSON.stringify(imported.error)}`);
  const datasetId = (imported.value as { id: string }).id;
  const finished = page.waitFor('training:finished');
  const features = [...Array.from({ length: 20 }, (_, j) => `x${j}`), 'group'];
  const run = await page.request('run:start', { datasetId, target: 'y', features, model: { kind: 'linear' }, regularizer: { kind: 'l1', l1: 0.001 }, epochs });
  if (!run.ok) throw new Error(`run failed to start: ${JSON.stringify(run.error)}`);
  await finished;
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  await page.close();
  await rm(dir, { recursive: true, force: true });
  const ms = (ns: number) => (ns / 1e6).toFixed(1);
  return `| ${label} | ${seconds.toFixed(1)} s | ${ms(delay.percentile(50))} ms | ${ms(delay.percentile(99))} ms | ${ms(delay.max)} ms |`;
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'regula-bench-csv-'));
const file = path.join(tmp, 'big.csv');
await writeCsv(file);
console.log(`${rows.toLocaleString('en')} × 22 CSV, import + linear L1 run (${epochs} iterations); load average ${os.loadavg()[0]!.toFixed(2)}`);
console.log('| engine runs in | import + train | loop delay p50 | p99 | max |');
console.log('|---|---|---|---|---|');
console.log(await measure("the window's process (before)", inProcess, file));
console.log(await measure('its own host process (now)', inHostProcess, file));
await rm(tmp, { recursive: true, force: true });
console.log(`Goal: p99 under 50 ms in the window's process. Load average at the end ${os.loadavg()[0]!.toFixed(2)}.`);
