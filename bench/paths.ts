// Regularization paths against glmnet (R, through Rscript) and scikit-learn, printed as a table
// (never asserted). Same data, same λ grid, same objective (Keras' mean loss + λ1·Σ|w|; glmnet's
// binomial objective is the same, its Gaussian one is half of it, so it gets λ/2):
//   - L1 logistic path on breast cancer (569×30, 15 λ), with and without 5-fold CV:
//     glmnet / cv.glmnet, and scikit-learn LogisticRegressionCV(solver="liblinear")
//   - L1 logistic path on 100,000×20 (20 λ), with and without 5-fold CV: glmnet / cv.glmnet
//   - lasso path on 100,000×20 (20 λ): glmnet and scikit-learn lasso_path
//   - `regula train` (linear, L1) on a 1,000,000×20 CSV end to end, against
//     pandas.read_csv + scikit-learn Lasso on the same file
// Times are fit times inside each tool (R's system.time, Python's perf_counter, performance.now
// here): first run (cold) and fastest of the next 3. Regula's path times include what runSweep does
// for the analyst (data checks, every point's metrics on all rows); its cold run includes V8's JIT
// warm-up, as a real sweep in a fresh worker does. Ratios use the fastest times.
//   npx tsx bench/paths.ts           (~2 minutes on 2 cores; the 1M-row CSV is written to a temp folder)
//   npx tsx bench/paths.ts --no-1m   (skip the 1,000,000-row end-to-end line)
import * as tf from '@tensorflow/tfjs';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunSpec } from '../shared/domain';
import { bootedFoldHelpers, helperSlots, WARM_HELPERS_AT_MOST, warmFoldHelpers } from '../electron/engine/train/foldHelperPool';
import { parallelFolds } from '../electron/engine/train/foldPool';
import { logGrid, runSweep, type SweepResult } from '../electron/engine/train/sweep';
import type { PreparedData } from '../electron/engine/train/types';
import type { Task } from '../shared/domain';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPEATS = 3;
const PYTHON = '/usr/bin/python3';

interface Timing {
  firstSeconds: number;
  bestSeconds: number;
}

async function timed(fn: () => Promise<void>): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i <= REPEATS; i++) {
    const t = performance.now();
    await fn();
    times.push((performance.now() - t) / 1000);
  }
  return { firstSeconds: times[0] as number, bestSeconds: Math.min(...times.slice(1)) };
}

function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
}

function prepared(task: Task, x: Float32Array, y: Float32Array, rows: number, p: number, classes?: string[]): PreparedData {
  const empty = { x: new Float32Array(0), y: new Float32Array(0), rows: 0 };
  return { task, featureNames: Array.from({ length: p }, (_, j) => `x${j + 1}`), ...(classes ? { classes } : {}), train: { x, y, rows }, validation: empty };
}

function breastCancer(): PreparedData {
  const f = JSON.parse(readFileSync(path.join(HERE, '../tests/fixtures/sklearn/logistic_path_breast_cancer.json'), 'utf8')) as { x: number[]; y: number[]; rows: number };
  return prepared('binary', Float32Array.from(f.x), Float32Array.from(f.y), f.rows, 30, ['malignant', 'benign']);
}

function synthetic(task: 'binary' | 'regression', rows: number, p: number, seed: number): PreparedData {
  const rand = lcg(seed);
  const x = new Float32Array(rows * p);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let t = 0;
    for (let j = 0; j < p; j++) {
      const v = gaussian(rand);
      x[r * p + j] = v;
      if (j < 5) t += (j % 2 ? -1 : 1) * (j + 1) * 0.3 * v;
    }
    y[r] = task === 'binary' ? (rand() < 1 / (1 + Math.exp(-t)) ? 1 : 0) : t + gaussian(rand);
  }
  return prepared(task, x, y, rows, p, task === 'binary' ? ['0', '1'] : undefined);
}

/** λmax of the Keras objective: the largest |∂ mean loss/∂w_j| at w = 0 with the intercept fitted. */
function lambdaMax(data: PreparedData): number {
  const { x, y, rows } = data.train;
  const p = data.featureNames.length;
  let mean = 0;
  for (let r = 0; r < rows; r++) mean += y[r] as number;
  mean /= rows;
  const factor = data.task === 'regression' ? 2 : 1;
  let best = 0;
  for (let j = 0; j < p; j++) {
    let g = 0;
    for (let r = 0; r < rows; r++) g += (x[r * p + j] as number) * ((y[r] as number) - mean);
    best = Math.max(best, Math.abs((factor * g) / rows));
  }
  return best;
}

function writeMatrix(dir: string, data: PreparedData, lambdas: number[]): void {
  const { x, y, rows } = data.train;
  const p = data.featureNames.length;
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) lines.push(Array.from(x.subarray(r * p, (r + 1) * p), (v) => v.toPrecision(9)).join(','));
  writeFileSync(path.join(dir, 'x.csv'), lines.join('\n') + '\n');
  writeFileSync(path.join(dir, 'y.txt'), Array.from(y, String).join('\n') + '\n');
  writeFileSync(path.join(dir, 'lambda.txt'), lambdas.map((l) => l.toPrecision(17)).join('\n') + '\n');
}

interface External extends Timing {
  objectives?: number[];
  note?: string;
}

const R_SCRIPT = `
args <- commandArgs(TRUE); d <- args[1]; mode <- args[2]; reps <- as.integer(args[3])
suppressMessages(library(glmnet))
x <- as.matrix(read.csv(file.path(d, "x.csv"), header = FALSE)); y <- scan(file.path(d, "y.txt"), quiet = TRUE)
lam <- scan(file.path(d, "lambda.txt"), quiet = TRUE)
family <- if (mode == "gaussian") "gaussian" else "binomial"
glam <- if (mode == "gaussian") lam / 2 else lam  # glmnet's Gaussian loss is half of Keras' MSE
run <- function() {
  if (mode == "cv") cv.glmnet(x, y, family = family, lambda = glam, nfolds = 5, standardize = FALSE)
  else glmnet(x, y, family = family, lambda = glam, standardize = FALSE)
}
times <- c()
for (i in 0:reps) { set.seed(1); times <- c(times, system.time(fit <- run())[["elapsed"]]) }
if (mode == "cv") fit <- fit$glmnet.fit
obj <- sapply(seq_along(lam), function(i) {
  b <- as.numeric(fit$beta[, i]); z <- as.numeric(x %*% b + fit$a0[i])
  loss <- if (family == "gaussian") mean((y - z)^2) else mean(pmax(z, 0) - z * y + log1p(exp(-abs(z))))
  loss + lam[i] * sum(abs(b))
})
cat(sprintf('{"firstSeconds": %.6f, "bestSeconds": %.6f, "objectives": [%s]}', times[1], min(times[-1]), paste(sprintf("%.17g", obj), collapse = ",")))
`;

function glmnet(dir: string, mode: 'path' | 'cv' | 'gaussian'): External | null {
  try {
    return JSON.parse(execFileSync('Rscript', ['-e', R_SCRIPT, dir, mode, String(REPEATS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })) as External;
  } catch (err) {
    console.log(`(glmnet not usable: ${(err as Error).message.split('\n')[0]})`);
    return null;
  }
}

const PY_SCRIPT = `
import json, sys, time, warnings, numpy as np
d, mode, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
x = np.loadtxt(d + "/x.csv", delimiter=","); y = np.loadtxt(d + "/y.txt"); lam = np.loadtxt(d + "/lambda.txt")
warnings.simplefilter("ignore")
def run():
    if mode == "logistic_cv":
        from sklearn.linear_model import LogisticRegressionCV
        # sklearn's objective is sum(log-loss)·C + |w|: C = 1/(n·λ1). liblinear also penalizes the intercept.
        return LogisticRegressionCV(Cs=1 / (len(y) * lam), cv=5, penalty="l1", solver="liblinear").fit(x, y)
    from sklearn.linear_model import lasso_path
    xc, yc = x - x.mean(0), y - y.mean()
    return lasso_path(xc, yc, alphas=lam / 2)
times = []
for _ in range(reps + 1):
    t = time.perf_counter(); out = run(); times.append(time.perf_counter() - t)
res = {"firstSeconds": times[0], "bestSeconds": min(times[1:])}
if mode == "lasso":
    xc, yc = x - x.mean(0), y - y.mean(); alphas, coefs, _ = out
    res["objectives"] = [float(np.mean((yc - xc @ coefs[:, i]) ** 2) + 2 * a * np.abs(coefs[:, i]).sum()) for i, a in enumerate(alphas)]
print(json.dumps(res))
`;

function sklearn(dir: string, mode: 'logistic_cv' | 'lasso'): External | null {
  if (!existsSync(PYTHON)) return null;
  try {
    return JSON.parse(execFileSync(PYTHON, ['-c', PY_SCRIPT, dir, mode, String(REPEATS)], { encoding: 'utf8' })) as External;
  } catch (err) {
    console.log(`(scikit-learn not usable: ${(err as Error).message.split('\n')[0]})`);
    return null;
  }
}

const quiet = { onPoint: (): void => {}, shouldStop: (): boolean => false };

async function regulaPath(data: PreparedData, lambdas: number[], folds?: number): Promise<{ timing: Timing; result: SweepResult }> {
  const spec = RunSpec.parse({ datasetId: 'bench', target: 'y', features: data.featureNames, epochs: 1 });
  let result: SweepResult | undefined;
  const timing = await timed(async () => {
    // As the sweep's worker process runs it: CV folds on fold helpers, one process per core in all.
    result = await runSweep(tf, spec, data, { reg: 'l1', lambdas, ...(folds ? { folds } : {}) }, quiet, parallelFolds());
  });
  return { timing, result: result as SweepResult };
}

/** Largest (Regula − reference)/reference over the path: > 0 where the reference got lower. */
function objectiveGap(result: SweepResult, ref?: number[]): string {
  if (!ref) return '';
  const gaps = result.points.map((pt, i) => (pt.loss.total - (ref[i] as number)) / (ref[i] as number));
  const worst = gaps.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a), 0);
  return worst.toExponential(1);
}

const rowsOut: string[][] = [];
function row(problem: string, tool: string, t: Timing | null, reference: Timing | null | undefined, gap = ''): void {
  if (!t) {
    rowsOut.push([problem, tool, '-', '-', '-', 'not available']);
    return;
  }
  const ratio = reference ? `${(t.bestSeconds / reference.bestSeconds).toFixed(2)}×` : '';
  rowsOut.push([problem, tool, t.firstSeconds.toFixed(3), t.bestSeconds.toFixed(3), ratio, gap]);
}

function printTable(): void {
  const head = ['problem', 'solver', 'first s', 'fastest s', 'vs glmnet/reference', 'objective gap vs it'];
  const all = [head, ...rowsOut];
  const widths = head.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  for (const r of all) console.log(r.map((v, c) => (c >= 2 && c <= 4 ? v.padStart(widths[c] as number) : v.padEnd(widths[c] as number))).join('  '));
}

async function classificationPaths(): Promise<string[]> {
  const goals: string[] = [];
  const cancer = breastCancer();
  const lambdas = logGrid(lambdaMax(cancer), lambdaMax(cancer) * 1e-3, 15);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'regula-paths-'));
  try {
    writeMatrix(dir, cancer, lambdas);
    console.error('breast cancer: glmnet');
    const gPath = glmnet(dir, 'path');
    const gCv = glmnet(dir, 'cv');
    const sk = sklearn(dir, 'logistic_cv');
    console.error('breast cancer: Regula');
    const plain = await regulaPath(cancer, lambdas);
    const cv = await regulaPath(cancer, lambdas, 5);
    row('breast cancer 569×30, 15 λ', 'glmnet', gPath, gPath);
    row('', 'Regula runSweep', plain.timing, gPath, objectiveGap(plain.result, gPath?.objectives));
    row('  + 5-fold CV', 'cv.glmnet', gCv, gCv);
    row('', 'Regula runSweep --folds 5', cv.timing, gCv);
    row('', 'sklearn LogisticRegressionCV liblinear', sk, gCv);
    if (gCv) goals.push(`breast cancer with 5-fold CV at most 1× cv.glmnet: ${cv.timing.bestSeconds <= gCv.bestSeconds ? 'met' : 'not met'} (${(cv.timing.bestSeconds / gCv.bestSeconds).toFixed(2)}×)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const big = synthetic('binary', 100_000, 20, 5);
  const bigLambdas = logGrid(lambdaMax(big), lambdaMax(big) * 1e-3, 20);
  const bigDir = mkdtempSync(path.join(os.tmpdir(), 'regula-paths-'));
  try {
    writeMatrix(bigDir, big, bigLambdas);
    console.error('100k logistic');
    const g = glmnet(bigDir, 'path');
    const ours = await regulaPath(big, bigLambdas);
    row('logistic 100,000×20, 20 λ', 'glmnet', g, g);
    row('', 'Regula runSweep', ours.timing, g, objectiveGap(ours.result, g?.objectives));
    if (g) goals.push(`logistic 100,000×20 at most 1× glmnet: ${ours.timing.bestSeconds <= g.bestSeconds ? 'met' : 'not met'} (${(ours.timing.bestSeconds / g.bestSeconds).toFixed(2)}×)`);
    console.error('100k logistic, 5-fold CV');
    const gCvBig = glmnet(bigDir, 'cv');
    const oursCv = await regulaPath(big, bigLambdas, 5);
    row('  + 5-fold CV', 'cv.glmnet', gCvBig, gCvBig);
    row('', 'Regula runSweep --folds 5', oursCv.timing, gCvBig);
    if (gCvBig) goals.push(`logistic 100,000×20 with 5-fold CV at most 1× cv.glmnet: ${oursCv.timing.bestSeconds <= gCvBig.bestSeconds ? 'met' : 'not met'} (${(oursCv.timing.bestSeconds / gCvBig.bestSeconds).toFixed(2)}×)`);
    const reg = synthetic('regression', 100_000, 20, 11);
    const regLambdas = logGrid(lambdaMax(reg), lambdaMax(reg) * 1e-3, 20);
    writeMatrix(bigDir, reg, regLambdas);
    console.error('100k lasso');
    const gg = glmnet(bigDir, 'gaussian');
    const lp = sklearn(bigDir, 'lasso');
    const lasso = await regulaPath(reg, regLambdas);
    row('lasso 100,000×20, 20 λ', 'glmnet', gg, gg);
    row('', 'sklearn lasso_path', lp, gg, '');
    row('', 'Regula runSweep', lasso.timing, gg, objectiveGap(lasso.result, gg?.objectives));
    if (lp) goals.push(`lasso path at most 1.5× lasso_path: ${lasso.timing.bestSeconds <= 1.5 * lp.bestSeconds ? 'met' : 'not met'} (${(lasso.timing.bestSeconds / lp.bestSeconds).toFixed(2)}×)`);
  } finally {
    rmSync(bigDir, { recursive: true, force: true });
  }
  return goals;
}

/** 1,000,000×20 CSV, `regula train` (linear, L1) end to end vs pandas.read_csv + Lasso. */
async function endToEnd(): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'regula-1m-'));
  try {
    const file = path.join(dir, 'big.csv');
    const rand = lcg(3);
    const out = createWriteStream(file);
    out.write(Array.from({ length: 20 }, (_, j) => `x${j + 1}`).join(',') + ',y\n');
    for (let r = 0; r < 1_000_000; r++) {
      const v = Array.from({ length: 20 }, () => gaussian(rand));
      const yv = v.slice(0, 5).reduce((s, a, j) => s + (j % 2 ? -1 : 1) * (j + 1) * 0.3 * a, 0) + gaussian(rand);
      if (!out.write(v.map((a) => a.toFixed(5)).join(',') + ',' + yv.toFixed(5) + '\n')) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
    await new Promise<void>((resolve) => out.end(() => resolve()));
    const l1 = 0.01;
    const regula = (): number => {
      const t = performance.now();
      execFileSync(process.execPath, [path.join(HERE, '../bin/regula.mjs'), 'train', file, '--target', 'y', '--reg', 'l1', '--l1', String(l1), '--project', path.join(dir, 'p'), '--json'], { stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 26 });
      return (performance.now() - t) / 1000;
    };
    const py = `
import sys, time, pandas as pd
from sklearn.linear_model import Lasso
t = time.perf_counter(); df = pd.read_csv(sys.argv[1]); x = df.drop(columns="y").to_numpy(); y = df["y"].to_numpy()
# Regula standardizes on the training rows (80% by default) and fits λ1 = ${l1} on the Keras objective = Lasso alpha λ1/2.
n = int(len(y) * 0.8); m, s = x[:n].mean(0), x[:n].std(0)
Lasso(alpha=${l1 / 2}).fit((x[:n] - m) / s, y[:n]); print(time.perf_counter() - t)`;
    const pandas = (): number => Number(execFileSync(PYTHON, ['-c', py, file], { encoding: 'utf8' }).trim());
    const times = { regula: [] as number[], pandas: [] as number[] };
    for (let i = 0; i < 2; i++) {
      times.regula.push(regula());
      times.pandas.push(pandas());
    }
    const r = { firstSeconds: times.regula[0] as number, bestSeconds: Math.min(...times.regula) };
    const p = { firstSeconds: times.pandas[0] as number, bestSeconds: Math.min(...times.pandas) };
    row('1,000,000×20 CSV, L1, end to end', 'pandas.read_csv + sklearn Lasso', p, p);
    row('', 'regula train (CLI, new process)', r, p);
    return [`1M-row CSV end to end no slower than pandas + Lasso: ${r.bestSeconds <= p.bestSeconds ? 'met' : 'not met'} (${(r.bestSeconds / p.bestSeconds).toFixed(2)}×)`];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const started = performance.now();
await tf.setBackend('cpu');
// As a training worker does while it waits for a job: boot and warm up the fold helpers first.
warmFoldHelpers();
for (let i = 0; i < 200 && bootedFoldHelpers() < Math.min(helperSlots(), WARM_HELPERS_AT_MOST); i++) await new Promise((r) => setTimeout(r, 50));
console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores (CV folds on ${parallelFolds().helpers} helper process(es) + this one)`);
const goals = await classificationPaths().catch((err: unknown) => {
  console.log(`classification paths failed: ${(err as Error).stack ?? String(err)}`);
  return [] as string[];
});
if (!process.argv.includes('--no-1m')) {
  // A failed end-to-end run must not cost the table of the paths measured before it.
  goals.push(
    ...(await endToEnd().catch((err: unknown) => {
      const out = (err as { stdout?: Buffer }).stdout?.toString() ?? '';
      const reason = /"error":\s*"([^"]*)"/.exec(out)?.[1] ?? (err as Error).message.split('\n')[0];
      return [`1M-row CSV end to end: regula train failed (${reason})`];
    })),
  );
}
printTable();
for (const g of goals) console.log(`goal: ${g}`);
console.log(`load average at end: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
console.log(`bench/paths.ts took ${((performance.now() - started) / 1000).toFixed(0)} s`);
