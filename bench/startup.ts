// Start-up, printed as tables (never asserted):
//   1. `npx regula --version` and `npx regula train` on scikit-learn's diabetes data (442 rows, L1)
//      end to end, as ratios to `npx tsc --version` (a plain Node CLI started the same way), the
//      commands alternated in one run; plus `node bin/regula.mjs --version` without npx.
//   2. Run start → first epoch event through the engine (what `run:start` calls), on a 1,000-row
//      CSV, with the training worker started ahead (as browser mode and the desktop host keep it)
//      and started for the run; each split into its phases by when the worker's messages arrive.
// The workers are the built ones (out/node/trainWorker.js, as installed), not the TypeScript sources.
//
//   npx tsx bench/startup.ts [--repeat N] [--root DIR] [--only commands|epoch] [--idle S]
// --root: run the npx commands in another checkout of Regula (default: this one). npx finds
// `regula` in node_modules/.bin, linked by the file:bin dependency when npm installs; where that
// link is missing (node_modules not installed since), the npx rows are skipped — npx would look
// the name up in the npm registry and run whatever is published under it.
// --idle: seconds between a warm worker's hello and the click on Train (default 5).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSpecInput } from '../shared/domain';
import { createEngine, keepWorkerWarm, type LaunchWorker, type WorkerChannel } from '../electron/engine/index';
import { nodeWorkerLauncher } from '../electron/engine/train/nodeWorker';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const PYTHON = '/usr/bin/python3';
const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const REPEAT = Number(argValue('--repeat') ?? 3);
const ROOT = path.resolve(argValue('--root') ?? REPO);
const ONLY = argValue('--only');
const IDLE_SECONDS = Number(argValue('--idle') ?? 5);
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (s: number): string => s.toFixed(2);

const tmp = mkdtempSync(path.join(os.tmpdir(), 'regula-startup-'));

function commands(): string[] {
  const diabetes = path.join(tmp, 'diabetes.csv');
  execFileSync(PYTHON, ['-c', 'import sys; from sklearn.datasets import load_diabetes; d = load_diabetes(as_frame=True).frame; d.to_csv(sys.argv[1], index=False)', diabetes]);
  const npx = (args: string[]) => () => execFileSync('npx', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const linked = existsSync(path.join(ROOT, 'node_modules', '.bin', 'regula'));
  const rows: { label: string; run: () => unknown }[] = [{ label: 'npx tsc --version', run: npx(['tsc', '--version']) }];
  if (linked) {
    rows.push({ label: 'npx regula --version', run: npx(['regula', '--version']) });
    rows.push({ label: 'npx regula train diabetes.csv (442 rows, L1)', run: npx(['regula', 'train', diabetes, '--target', 'target', '--reg', 'l1', '--l1', '0.01', '--project', path.join(tmp, 'p'), '--quiet', '--json']) });
  }
  rows.push({ label: 'node bin/regula.mjs --version (no npx)', run: () => execFileSync(process.execPath, [path.join(ROOT, 'bin', 'regula.mjs'), '--version']) });
  rows.push({ label: 'node bin/regula.mjs train diabetes.csv (no npx)', run: () => execFileSync(process.execPath, [path.join(ROOT, 'bin', 'regula.mjs'), 'train', diabetes, '--target', 'target', '--reg', 'l1', '--l1', '0.01', '--project', path.join(tmp, 'p'), '--quiet', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] }) });
  const times = rows.map(() => [] as number[]);
  const loadBefore = load();
  for (let i = 0; i < REPEAT; i++) {
    rows.forEach((r, k) => {
      const t = performance.now();
      r.run();
      times[k]!.push((performance.now() - t) / 1000);
    });
  }
  const tsc = median(times[0]!);
  console.log(`Commands end to end in ${ROOT}, wall seconds over ${REPEAT} alternated runs (load average ${loadBefore} → ${load()})`);
  console.log(`${'command'.padEnd(50)}${'median'.padStart(8)}${'min'.padStart(8)}   ratio to npx tsc --version (median)`);
  rows.forEach((r, k) => console.log(`${r.label.padEnd(50)}${fmt(median(times[k]!)).padStart(8)}${fmt(Math.min(...times[k]!)).padStart(8)}   ${(median(times[k]!) / tsc).toFixed(2)}×`));
  if (!linked) return [`npx regula: not measured — ${ROOT}/node_modules/.bin/regula is missing (run npm install there)`];
  const ratio = (k: number) => median(times[k]!) / tsc;
  return [
    `npx regula --version ≤ 1.5× npx tsc --version — ${ratio(1) <= 1.5 ? 'met' : 'not met'} (${ratio(1).toFixed(2)}×)`,
    `npx regula train diabetes.csv ≤ 4× npx tsc --version — ${ratio(2) <= 4 ? 'met' : 'not met'} (${ratio(2).toFixed(2)}×)`,
  ];
}

/** The worker's messages by arrival time, for the phase split. */
interface Timeline {
  start: number;
  marks: Map<string, number>;
}

async function firstEpoch(): Promise<string[]> {
  const csv = path.join(tmp, 'rows1000.csv');
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
  const lines = [Array.from({ length: 10 }, (_, j) => `x${j + 1}`).join(',') + ',y'];
  for (let r = 0; r < 1000; r++) {
    const x = Array.from({ length: 10 }, rand);
    lines.push([...x.map((v) => v.toFixed(4)), (x[0]! * 2 - x[1]! + 0.5 * x[2]! + 0.1 * rand()).toFixed(4)].join(','));
  }
  writeFileSync(csv, lines.join('\n') + '\n');

  let timeline: Timeline | undefined;
  let ready: () => void = () => undefined;
  let readyNext = new Promise<void>((resolve) => (ready = resolve));
  const built = nodeWorkerLauncher(path.join(REPO, 'out', 'node', 'trainWorker.js'));
  // Every launched worker: its hello marks it ready; a job's messages are stamped on arrival.
  const observed: LaunchWorker = (options) => {
    const channel: WorkerChannel = built(options);
    channel.onMessage((m) => {
      const type = (m as { type?: string }).type ?? '?';
      if (type === 'hello') ready();
      if (timeline && !timeline.marks.has(type)) timeline.marks.set(type, performance.now());
    });
    return channel;
  };
  const specs: { label: string; spec: Omit<RunSpecInput, 'datasetId'> }[] = [
    { label: 'linear, L1', spec: { target: 'y', features: [], model: { kind: 'linear' }, regularizer: { kind: 'l1', l1: 0.01 }, epochs: 50 } },
    { label: 'dense 64-32, L2', spec: { target: 'y', features: [], model: { kind: 'mlp', layers: [{ units: 64 }, { units: 32 }] }, regularizer: { kind: 'l2', l2: 0.001 }, epochs: 5 } },
  ];
  // A warm worker is unref'd while it waits (it must not keep an app alive): keep this one alive.
  const keepAlive = setInterval(() => undefined, 1000);
  const results: { worker: string; label: string; total: number[]; phases: number[][] }[] = [];
  const loadBefore = load();
  for (const warm of [true, false]) {
    const workers = warm ? keepWorkerWarm(observed, { backendPreference: 'wasm' }) : undefined;
    const engine = createEngine({ launchWorker: workers?.launchWorker ?? observed, backendPreference: 'wasm' });
    const project = await engine.createProject(path.join(tmp, `fe-${warm ? 'warm' : 'cold'}`), 'first epoch');
    const dataset = await project.importDataset(csv);
    const features = dataset.columns.filter((c) => c.name !== 'y').map((c) => c.name);
    for (const { label, spec } of specs) {
      const row = { worker: warm ? 'warm (started ahead)' : 'started for the run', label, total: [] as number[], phases: [] as number[][] };
      for (let i = 0; i < REPEAT; i++) {
        // A person clicks Train some seconds after the app is ready: the warm worker has said hello
        // (backend loaded) and finished its warm-up (warmUp.ts) by then.
        if (warm) {
          await readyNext;
          await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
        }
        readyNext = new Promise<void>((resolve) => (ready = resolve));
        timeline = { start: performance.now(), marks: new Map() };
        const t = timeline;
        const handle = await project.startRun({ ...spec, datasetId: dataset.id, features } as RunSpecInput);
        const firstEvent = await new Promise<number>((resolve) => {
          const off = engine.events.on('training:progress', ({ runId }) => {
            if (runId !== handle.runId) return;
            off();
            resolve(performance.now());
          });
        });
        await handle.done;
        timeline = undefined;
        const at = (type: string) => ((t.marks.get(type) ?? firstEvent) - t.start) / 1000;
        row.total.push((firstEvent - t.start) / 1000);
        // start → hello (cold only) → backend (the job began) → prepared (data read, prepared) → epoch
        row.phases.push([warm ? 0 : at('hello'), at('backend'), at('prepared'), at('epoch')]);
      }
      results.push(row);
    }
    workers?.dispose();
    await project.close();
  }
  clearInterval(keepAlive);
  console.log(`\nRun start → first epoch event, 1,000-row CSV (10 features), through the engine, wasm backend, ${REPEAT} runs each, warm runs started ${IDLE_SECONDS} s after the worker's hello (load average ${loadBefore} → ${load()})`);
  console.log(`${'worker'.padEnd(24)}${'model'.padEnd(18)}${'median'.padStart(8)}${'min'.padStart(8)}   phases, medians (s from start): hello · job began · data prepared · first epoch`);
  for (const r of results) {
    const ph = [0, 1, 2, 3].map((k) => median(r.phases.map((p) => p[k]!)));
    console.log(`${r.worker.padEnd(24)}${r.label.padEnd(18)}${fmt(median(r.total)).padStart(8)}${fmt(Math.min(...r.total)).padStart(8)}   ${ph.map(fmt).join(' · ')}`);
  }
  const worst = Math.max(...results.filter((r) => r.worker.startsWith('warm')).map((r) => median(r.total)));
  return [`first epoch ≤ 0.5 s with the warm worker — ${worst <= 0.5 ? 'met' : 'not met'} (worst median ${fmt(worst)} s)`];
}

try {
  if (!existsSync(path.join(REPO, 'out', 'node', 'trainWorker.js'))) throw new Error('out/node/ is missing: run npm run build:node first');
  const goals = [...(ONLY === 'epoch' ? [] : commands()), ...(ONLY === 'commands' ? [] : await firstEpoch())];
  for (const g of goals) console.log(`goal: ${g}`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
