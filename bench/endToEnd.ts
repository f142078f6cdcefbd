// A 1,000,000 × 20 CSV trained end to end — `regula train` (linear, L1) as installed (the built
// CLI, a new process, a new project each time, so the import is included) — against
// pandas.read_csv + scikit-learn Lasso on the same file, alternated, in one run. Printed, never
// asserted. Regula's wall time is split by when its engine events reach the terminal (--events).
//
//   npx tsx bench/endToEnd.ts [--rows N] [--repeat N]
import { execFileSync, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const ROWS = Number(argValue('--rows') ?? 1_000_000);
const REPEAT = Number(argValue('--repeat') ?? 2);
const L1 = 0.01;
const load = (): string => os.loadavg().map((l) => l.toFixed(1)).join(' ');
const fmt = (s: number): string => s.toFixed(2);

/** The same data as bench/paths.ts: 20 standard normal columns, y from the first five plus noise. */
async function writeCsv(file: string): Promise<void> {
  let state = 3;
  const uniform = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 4294967296;
  const gaussian = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const out = createWriteStream(file);
  out.write(Array.from({ length: 20 }, (_, j) => `x${j + 1}`).join(',') + ',y\n');
  for (let r = 0; r < ROWS; r++) {
    const v = Array.from({ length: 20 }, gaussian);
    const y = v.slice(0, 5).reduce((s, a, j) => s + (j % 2 ? -1 : 1) * (j + 1) * 0.3 * a, 0) + gaussian();
    if (!out.write(v.map((a) => a.toFixed(5)).join(',') + ',' + y.toFixed(5) + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

interface RegulaTiming {
  total: number;
  /** Seconds from the start at which each phase ended. */
  importStarted: number;
  importDone: number;
  firstIteration: number;
  finished: number;
}

/** One `regula train` in a new process and a new project; phases from its --events lines. */
function regula(file: string, project: string): Promise<RegulaTiming> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const at = () => (performance.now() - t0) / 1000;
    const marks: Partial<RegulaTiming> = {};
    const child = spawn(process.execPath, [path.join(HERE, '..', 'bin', 'regula.mjs'), 'train', file, '--target', 'y', '--reg', 'l1', '--l1', String(L1), '--project', project, '--json', '--events'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let buffered = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const event = /"event":"([^"]+)"/.exec(line)?.[1];
        if (event === 'dataset:importProgress') {
          marks.importStarted ??= at();
          if (line.includes('"fraction":1')) marks.importDone = at();
        }
        if (event === 'training:progress') marks.firstIteration ??= at();
        if (event === 'training:finished') marks.finished = at();
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`regula train exited with ${code}`));
      const total = at();
      resolve({ total, importStarted: marks.importStarted ?? NaN, importDone: marks.importDone ?? NaN, firstIteration: marks.firstIteration ?? NaN, finished: marks.finished ?? total });
    });
  });
}

// Regula standardizes on its training rows (80% by default) and fits λ1 on the Keras objective,
// which is scikit-learn's Lasso with alpha = λ1/2. Timed inside Python, as in bench/paths.ts.
const PY = `
import sys, time
t = time.perf_counter()
import pandas as pd
from sklearn.linear_model import Lasso
t_import = time.perf_counter()
df = pd.read_csv(sys.argv[1]); x = df.drop(columns="y").to_numpy(); y = df["y"].to_numpy()
t_read = time.perf_counter()
n = int(len(y) * 0.8); m, s = x[:n].mean(0), x[:n].std(0)
Lasso(alpha=${L1 / 2}).fit((x[:n] - m) / s, y[:n])
t_fit = time.perf_counter()
print(t_import - t, t_read - t_import, t_fit - t_read)`;

function pandas(file: string): { wall: number; imports: number; read: number; fit: number } {
  const t = performance.now();
  const [imports, read, fit] = execFileSync(PYTHON, ['-c', PY, file], { encoding: 'utf8' }).trim().split(/\s+/).map(Number) as [number, number, number];
  return { wall: (performance.now() - t) / 1000, imports, read, fit };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'regula-e2e-'));
try {
  const file = path.join(dir, 'big.csv');
  await writeCsv(file);
  const loadBefore = load();
  const r: RegulaTiming[] = [];
  const p: ReturnType<typeof pandas>[] = [];
  for (let i = 0; i < REPEAT; i++) {
    r.push(await regula(file, path.join(dir, `p${i}`)));
    rmSync(path.join(dir, `p${i}`), { recursive: true, force: true });
    p.push(pandas(file));
  }
  const best = <T>(xs: T[], key: (x: T) => number): T => xs.reduce((a, b) => (key(b) < key(a) ? b : a));
  const rb = best(r, (x) => x.total);
  const pb = best(p, (x) => x.read + x.fit);
  console.log(`${ROWS.toLocaleString('en')}×20 CSV, linear L1 end to end, ${REPEAT} alternated runs, fastest shown (load average ${loadBefore} → ${load()}, ${os.cpus().length} cores)`);
  console.log(`${'tool'.padEnd(58)}${'seconds'.padStart(9)}   ratio to pandas+Lasso (read + fit)`);
  const line = (label: string, s: number) => console.log(`${label.padEnd(58)}${fmt(s).padStart(9)}   ${(s / (pb.read + pb.fit)).toFixed(2)}×`);
  line('pandas.read_csv + sklearn Lasso (read + fit, in Python)', pb.read + pb.fit);
  line('  the same, whole python3 process (imports included)', pb.wall);
  line('regula train (new process, new project, import included)', rb.total);
  console.log(
    `  regula phases (s): start → import begins ${fmt(rb.importStarted)} · import read ${fmt(rb.importDone - rb.importStarted)} · stored, prepared, first iteration ${fmt(rb.firstIteration - rb.importDone)} · solve and record ${fmt(rb.finished - rb.firstIteration)} · exit ${fmt(rb.total - rb.finished)}`,
  );
  console.log(`  pandas phases (s): imports ${fmt(pb.imports)} · read_csv ${fmt(pb.read)} · standardize + Lasso ${fmt(pb.fit)}`);
  console.log(`goal: 1M-row CSV end to end no slower than pandas + Lasso — ${rb.total <= pb.read + pb.fit ? 'met' : 'not met'} (${(rb.total / (pb.read + pb.fit)).toFixed(2)}×; ${(rb.total / pb.wall).toFixed(2)}× the whole python3 process)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
