// Entry of a training worker process: one run per process, so a crash, an out-of-memory abort or
// a hard cancel (kill) never touches the app. Runs under child_process.fork (plain Node) or
// Electron's utilityProcess (process.parentPort); it speaks workerProtocol in both.
import os from 'node:os';
import path from 'node:path';
import { RegulaError, toUserError } from '../errors';
import { saveModelPackage } from '../export/modelFiles';
import { prepareData } from '../prep/prepare';
import { validateSpec } from '../prep/validateSpec';
import { loadDatasetTable, readDatasetSummary } from '../store/datasetStore';
import { runDir } from '../store/runStore';
import { loadBackend } from './backend';
import { trainModel } from './trainModel';
import { coefficientsInOriginalUnits } from './weightStats';
import { ToWorker, type FromWorker, type RunOutcome, type StartMessage, type StartSweepMessage } from './workerProtocol';
import { logGrid, runSweep } from './sweep';
import { chooseLambda, namedPoint, sweepDecision } from './sweepSummary';
import type { RunSpec, SweepGrid } from '../../../shared/domain';
import { gridTop, lambda1Max, LAMBDA_MIN_RATIO } from './lambdaMax';
import { rowAccounting } from '../prep/rowAccounting';
import { lossKindFor } from './losses';
import { outputUnits } from './network';
import type { PreparedData } from './types';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', handler: (event: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function send(message: FromWorker): void {
  if (parentPort) parentPort.postMessage(message);
  else process.send?.(message);
}

function onMessage(handler: (message: unknown) => void): void {
  if (parentPort) parentPort.on('message', (event) => handler(event.data));
  else process.on('message', handler);
}

let cancelRequested = false;
let started = false;

onMessage((raw) => {
  const parsed = ToWorker.safeParse(raw);
  if (!parsed.success) return;
  if (parsed.data.type === 'cancel') {
    cancelRequested = true;
    return;
  }
  if (started) return;
  started = true;
  const job = parsed.data.type === 'start' ? run(parsed.data) : sweep(parsed.data);
  job.then(
    () => finish(0),
    (err: unknown) => {
      send({ type: 'error', error: toUserError(err) });
      finish(1);
    },
  );
});

function finish(code: number): void {
  // Let the last message flush before the process goes away.
  setTimeout(() => process.exit(code), 50);
}

/** Backend, dataset and preprocessing: the common start of a run and a sweep. */
async function prepare(projectDir: string, spec: RunSpec, backendPreference: StartMessage['backendPreference']) {
  const { tf, info } = await loadBackend(backendPreference);
  send({ type: 'backend', ...info });
  const dataset = await readDatasetSummary(projectDir, spec.datasetId);
  const { task } = validateSpec(spec, dataset);
  const table = await loadDatasetTable(projectDir, spec.datasetId);
  const { data, manifest } = prepareData(table, spec, task, dataset.sourceFile, memoryBudget(info.native));
  send({
    type: 'prepared',
    task,
    ...(data.classes ? { classes: data.classes } : {}),
    features: manifest.inputs.map((i) => ({ name: i.name, mean: i.mean, std: i.std })),
    rows: rowAccounting(table, spec, manifest),
  });
  return { tf, data, manifest };
}

async function sweep(start: StartSweepMessage): Promise<void> {
  const { spec } = start;
  const { tf, data, manifest } = await prepare(start.projectDir, spec.base, start.backendPreference);
  const names = manifest.inputs.map((i) => i.name);
  const grid = await sweepGrid(spec, data);
  send({ type: 'sweep-grid', grid });
  const result = await runSweep(
    tf,
    spec.base,
    data,
    {
      reg: spec.reg,
      lambdas: logGrid(grid.from, grid.to, grid.steps),
      ...(spec.l1Ratio !== undefined ? { l1Ratio: spec.l1Ratio } : {}),
      ...(spec.folds !== undefined ? { folds: spec.folds } : {}),
    },
    {
      onPoint: (point, done, total) => send({ type: 'sweep-point', point: namedPoint(point, names, data.classes), done, total }),
      shouldStop: () => cancelRequested,
    },
  );
  // Cross-validation adds cv to the points after the path: send the final points again (the
  // parent stores points by their position on the path, so these replace the first ones).
  const finalPoints = result.points.map((p) => namedPoint(p, names, data.classes));
  finalPoints.forEach((point, i) => send({ type: 'sweep-point', point, done: i + 1, total: finalPoints.length }));
  const chosen = finalPoints.length ? chooseLambda(finalPoints, result.lambdaMin, result.lambda1se) : { lambda: grid.from, rule: 'none' };
  const decision = sweepDecision(finalPoints, result.lambdaMin, result.lambda1se, chosen);
  send({
    type: 'sweep-done',
    solver: result.solver,
    cancelled: result.cancelled,
    ...(result.cvMetric ? { cvMetric: result.cvMetric } : {}),
    ...(result.lambdaMin !== undefined ? { lambdaMin: result.lambdaMin } : {}),
    ...(result.lambda1se !== undefined ? { lambda1se: result.lambda1se } : {}),
    chosen,
    ...(decision.cvAtMin ? { cvAtMin: decision.cvAtMin } : {}),
    ...(decision.cvAt1se ? { cvAt1se: decision.cvAt1se } : {}),
    ...(decision.edge ? { edge: decision.edge } : {}),
    ...(decision.warnings.length ? { warnings: decision.warnings } : {}),
  });
}

/** The spec's grid, or λmax (every coefficient zero) down to λmax·1e-3 from the training rows. */
async function sweepGrid(spec: StartSweepMessage['spec'], data: PreparedData): Promise<SweepGrid> {
  if (spec.from !== undefined && spec.to !== undefined) return { source: 'spec', from: spec.from, to: spec.to, steps: spec.steps };
  if (spec.from !== undefined || spec.to !== undefined) {
    throw new RegulaError('sweep-grid', 'Give both ends of the λ grid (from and to), or neither for a grid derived from the data.');
  }
  const kind = lossKindFor(data.task, spec.base);
  const l1max = await lambda1Max(kind, data.train, data.featureNames.length, outputUnits(data.task, data.classes?.length ?? 0));
  if (!(l1max > 0)) {
    throw new RegulaError('sweep-grid', 'No feature moves the loss on the training rows (λmax = 0), so no λ grid can be derived; give from and to.');
  }
  const top = gridTop(l1max, spec.reg, spec.l1Ratio);
  // A hair above λmax: the intercept behind it is solved to a tolerance, and at λmax itself the
  // strongest feature sits exactly on the edge of entering.
  const from = top * (1 + 1e-6);
  return { source: 'data', from, to: from * LAMBDA_MIN_RATIO, steps: spec.steps, lambdaMax: top };
}

async function run(start: StartMessage): Promise<void> {
  const { tf, data, manifest } = await prepare(start.projectDir, start.spec, start.backendPreference);

  const result = await trainModel(tf, start.spec, data, {
    onEpoch: (epoch) => send({ type: 'epoch', epoch }),
    shouldStop: () => cancelRequested,
  });

  const modelDirRel = path.join('runs', start.runId, 'model');
  await saveModelPackage(tf, result.model, manifest, path.join(runDir(start.projectDir, start.runId), 'model'));

  const outcome: RunOutcome = {
    epochsRun: result.epochsRun,
    stopReason: result.stopReason,
    cancelled: result.cancelled,
    metrics: result.metrics,
    loss: result.loss,
    sparsity: { weights: result.weights.weights, zeros: result.weights.zeros },
    solver: result.solver,
    modelDir: modelDirRel,
    ...(result.intercept !== undefined ? { intercept: result.intercept } : {}),
    ...(result.confusion ? { confusion: result.confusion } : {}),
    ...linearTerms(result.coefficients, result.intercept, manifest.inputs),
    ...classTerms(result.coefficients, result.intercept, manifest.inputs, data.classes),
    // Binary metrics (precision, recall, f1, auc) are about the second class; multiclass ones
    // are macro averages over the classes (see train/metrics).
    ...(data.task === 'binary' && data.classes?.[1] !== undefined ? { positiveClass: data.classes[1], averaging: 'binary' as const } : {}),
    ...(data.task === 'multiclass' ? { averaging: 'macro' as const } : {}),
    progressUnit: result.solver.startsWith('fista') ? 'iteration' : 'epoch',
  };
  result.model.dispose();
  send({ type: 'done', outcome });
}

/** Multiclass linear models: one coefficient row per class, named and in the original units too. */
function classTerms(
  coefficients: number[] | number[][] | undefined,
  intercept: number | number[] | undefined,
  inputs: { name: string; mean: number; std: number }[],
  classes: string[] | undefined,
): Pick<RunOutcome, 'coefficientsByClass'> {
  if (!coefficients || !Array.isArray(coefficients[0]) || !classes) return {};
  const rows = coefficients as number[][];
  if (rows.length < 2 || rows.length !== classes.length) return {};
  const means = inputs.map((i) => i.mean);
  const stds = inputs.map((i) => i.std);
  return {
    coefficientsByClass: rows.map((row, c) => {
      const b = Array.isArray(intercept) ? (intercept[c] ?? 0) : 0;
      const { coefOriginal } = coefficientsInOriginalUnits(row, b, means, stds);
      return {
        class: classes[c]!,
        coefficients: inputs.map((input, j) => ({ feature: input.name, value: row[j]!, valueOriginal: coefOriginal[j]!, class: classes[c]! })),
        intercept: b,
      };
    }),
  };
}

/**
 * WebAssembly memory is 32-bit (4 GB at most, and tfjs-wasm grows it in one block), so the
 * fallback backends get a fixed budget; native TensorFlow may use half of the machine's memory.
 */
function memoryBudget(native: boolean): number {
  return native ? os.totalmem() / 2 : 1.5 * 1024 ** 3;
}

/**
 * Single-output linear models: coefficients per input in standardized space with their value in
 * the original column units, and the intercept in both spaces.
 */
function linearTerms(
  coefficients: number[] | number[][] | undefined,
  intercept: number | number[] | undefined,
  inputs: { name: string; mean: number; std: number }[],
): Pick<RunOutcome, 'coefficients' | 'interceptOriginal'> {
  if (!coefficients) return {};
  const single = Array.isArray(coefficients[0]) ? ((coefficients as number[][]).length === 1 ? (coefficients as number[][])[0]! : null) : (coefficients as number[]);
  if (!single) return {};
  const b = typeof intercept === 'number' ? intercept : Array.isArray(intercept) && intercept.length === 1 ? intercept[0]! : 0;
  const { coefOriginal, interceptOriginal } = coefficientsInOriginalUnits(single, b, inputs.map((i) => i.mean), inputs.map((i) => i.std));
  return {
    coefficients: inputs.map((input, j) => ({ feature: input.name, value: single[j]!, valueOriginal: coefOriginal[j]! })),
    interceptOriginal,
  };
}
