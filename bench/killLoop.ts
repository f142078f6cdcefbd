// Kill loop: N times start a training run, a sweep or an import (a `train` on a new, larger file)
// through the CLI, or through browser mode's server over its WebSocket (see killLoopBrowser.ts), in
// one project, `kill -9` the CLI's or the server's whole process group at a random moment, then
// reopen the project with the engine and count: finished runs still intact (must be all), runs and
// sweeps left `running` (must be 0), opens that fail (must be 0), leftovers after the open (must
// be 0). Bounded: each attempt is killed within --max-seconds, the whole loop runs N attempts.
//   npm run build:node && npx tsx bench/killLoop.ts [--n 10] [--max-seconds 35] [--seed 1] [--mode cli|browser|both]
// (both: the attempts alternate between the CLI and browser mode)
// Prints a table per attempt and a summary (paste it into the README's Reliability section).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../electron/engine/index';
import { launchNodeWorker } from '../electron/engine/train/nodeWorker';
import { startBrowserAttempt } from './killLoopBrowser';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));
const bin = path.join(repoRoot, 'bin', 'regula.mjs');
const linearCsv = path.join(repoRoot, 'tests', 'fixtures', 'engine', 'linear.csv');
const env = { ...process.env, REGULA_BACKEND: 'wasm' };

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

// A small deterministic generator, so a seed reproduces the kill moments.
let state = flag('seed', 1) >>> 0 || 1;
function random(): number {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32;
}

type Op = 'train' | 'sweep' | 'import';

async function bigCsv(dir: string, n: number, rows: number): Promise<string> {
  const file = path.join(dir, `import-${n}.csv`);
  const out = createWriteStream(file);
  out.write('a,b,c,d,y\n');
  for (let i = 0; i < rows; i++) {
    const a = random() * 10, b = random() * 10, c = random(), d = random();
    if (!out.write(`${a.toFixed(4)},${b.toFixed(4)},${c.toFixed(4)},${d.toFixed(4)},${(3 * a - 2 * b + c).toFixed(4)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return file;
}

function argsFor(op: Op, project: string, file: string): string[] {
  if (op === 'sweep') return ['sweep', linearCsv, '--target', 'y', '--reg', 'l1', '--grid', '1:0.001:20', '--project', project, '--json', '--quiet'];
  if (op === 'import') return ['train', file, '--target', 'y', '--epochs', '50', '--project', project, '--json', '--quiet'];
  // Short enough that some attempts finish before their kill: those runs must stay intact.
  return ['train', linearCsv, '--target', 'y', '--model', 'mlp', '--hidden', '8', '--epochs', '40', '--project', project, '--json', '--quiet'];
}

/** run.json + model files of a finished run, hashed: "intact" means byte for byte the same. */
async function fingerprint(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (d: string) => {
    for (const name of (await readdir(d)).sort()) {
      const p = path.join(d, name);
      if ((await stat(p)).isDirectory()) await walk(p);
      else hash.update(name).update(await readFile(p));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

async function leftovers(project: string): Promise<number> {
  let count = 0;
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      if (entry.name.includes('.tmp-') || entry.name.startsWith('.importing-') || entry.name === 'model.partial') count++;
      else if (entry.isDirectory()) await walk(path.join(d, entry.name));
    }
  };
  await walk(project);
  return count;
}

async function main(): Promise<void> {
  const n = flag('n', 10);
  const maxSeconds = flag('max-seconds', 35);
  const modeArg = process.argv[process.argv.indexOf('--mode') + 1];
  const modes = process.argv.includes('--mode') && modeArg !== 'both' ? [modeArg as 'cli' | 'browser'] : (['cli', 'browser'] as const);
  const work = await mkdtemp(path.join(os.tmpdir(), 'regula-killloop-'));
  const project = path.join(work, 'P');
  const finished = new Map<string, string>(); // run folder → fingerprint when it finished
  const interruptedSeen = new Set<string>();
  // Browser mode trains on a dataset already in the project (the page would have imported it).
  const setup = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(project, 'Kill loop');
  const datasetId = (await setup.importDataset(linearCsv)).id;
  await setup.close();
  const rows: string[][] = [];
  let failedOpens = 0, leftRunning = 0, leftSweeps = 0, leftFiles = 0, interruptedTotal = 0, brokenFinished = 0;
  try {
    for (let i = 1; i <= n; i++) {
      const op: Op = (['train', 'sweep', 'import'] as const)[Math.floor(random() * 3)]!;
      const file = op === 'import' ? await bigCsv(work, i, 150_000) : linearCsv;
      const killAt = 0.3 + random() * (maxSeconds - 0.3);
      const mode = modes[i % modes.length]!;
      let startedAt = Date.now();
      let child, exited, finishedWork: Promise<string>;
      if (mode === 'cli') {
        child = spawn(process.execPath, [bin, ...argsFor(op, project, file)], { env, detached: true, stdio: ['ignore', 'ignore', 'ignore'] });
        const cliChild = child;
        exited = new Promise<number | null>((resolve) => cliChild.on('exit', (code) => resolve(code)));
        finishedWork = exited.then((code) => `finished (exit ${code})`);
      } else {
        // The server keeps running when its work is done: it is killed then too, mid-idle.
        ({ child, exited, done: finishedWork } = await startBrowserAttempt(repoRoot, env, work, project, op, datasetId, file));
        startedAt = Date.now(); // counted from the request, not from the server's start-up
        finishedWork = finishedWork.then((how) => `${how}, then killed`);
      }
      const remaining = Math.max(0, killAt * 1000 - (Date.now() - startedAt));
      let outcome = await Promise.race([finishedWork, new Promise<string>((r) => setTimeout(() => r('killed'), remaining))]);
      if (outcome === 'killed' || mode === 'browser') {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // ESRCH: it ended in the same instant; the exit below tells how
        }
        await exited;
      }
      if (mode === 'browser' && outcome !== 'killed') outcome = outcome.replace(', then killed', '') + ` (${((Date.now() - startedAt) / 1000).toFixed(1)} s)`;
      const leftBefore = await leftovers(project);
      // Reopen as the app would, right away.
      let openResult = 'ok';
      let running = 0, sweepsRunning = 0, interrupted = 0;
      const started = Date.now();
      try {
        const opened = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).openProject(project);
        const runs = await opened.listRuns();
        const sweeps = await opened.listSweeps();
        running = runs.filter((r) => r.status === 'running').length;
        sweepsRunning = sweeps.filter((s) => s.status === 'running').length;
        for (const job of [...runs, ...sweeps].filter((j) => j.status === 'interrupted' && !interruptedSeen.has(j.id))) {
          interruptedSeen.add(job.id);
          interrupted++;
        }
        for (const r of runs.filter((r) => r.status === 'completed')) {
          const dir = path.join(project, 'runs', r.id);
          if (!finished.has(r.id)) finished.set(r.id, await fingerprint(dir));
        }
        await opened.close();
      } catch (err) {
        openResult = `FAILED: ${(err as Error).message.slice(0, 60)}`;
        failedOpens++;
      }
      const openMs = Date.now() - started;
      let intact = 0;
      for (const [id, print] of finished) {
        const now = await fingerprint(path.join(project, 'runs', id)).catch(() => 'missing');
        if (now === print) intact++;
      }
      const broken = finished.size - intact;
      brokenFinished = Math.max(brokenFinished, broken);
      const left = (await stat(project).then(() => leftovers(project)).catch(() => 0));
      leftRunning += running;
      leftSweeps += sweepsRunning;
      leftFiles += left;
      interruptedTotal += interrupted;
      rows.push([String(i), mode, op, outcome === 'killed' ? `${killAt.toFixed(1)} s` : outcome, openResult, `${openMs} ms`, String(interrupted), String(running + sweepsRunning), `${intact}/${finished.size}`, `${leftBefore} → ${left}`]);
      console.log(`| ${rows.at(-1)!.join(' | ')} |`);
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  console.log('\n| # | through | started | killed at | reopen | open time | marked interrupted | left running | finished runs intact | leftovers before → after open |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\nattempts ${n}: failed opens ${failedOpens} (goal 0), runs left running ${leftRunning} and sweeps ${leftSweeps} (goal 0), ` +
    `jobs marked interrupted ${interruptedTotal}, finished runs damaged ${brokenFinished} of ${finished.size} (goal 0), leftovers after open ${leftFiles} (goal 0)`);
}

await main();