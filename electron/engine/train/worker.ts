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
import { chooseLambda, namedPoint } from './sweepSummary';
import type { RunSpec } from '../../../shared/domain';

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
  });
  return { tf, data, manifest };
}

async function sweep(start: StartSweepMessage): Promise<void> {
  const { spec } = start;
  const { tf, data, manifest } = await prepare(start.projectDir, spec.base, start.backendPreference);
  const names = manifest.inputs.map((i) => i.name);
  if (spec.from === undefined || spec.to === undefined) throw new RegulaError('not-implemented', 'A λ grid derived from the data is not implemented yet; give from and to.');
  const result = await runSweep(
    tf,
    spec.base,
    data,
    {
      reg: spec.reg,
      lambdas: logGrid(spec.from, spec.to, spec.steps),
      ...(spec.l1Ratio !== undefined ? { l1Ratio: spec.l1Ratio } : {}),
      ...(spec.folds !== undefined ? { folds: spec.folds } : {}),
    },
    {
      onPoint: (point, done, total) => send({ type: 'sweep-point', point: namedPoint(point, names), done, total }),
      shouldStop: () => cancelRequested,
    },
  );
  // Cross-validation adds cv to the points after the path: send the final points again (the
  // parent stores points by their position on the path, so these replace the first ones).
  const finalPoints = result.points.map((p) => namedPoint(p, names));
  finalPoints.forEach((point, i) => send({ type: 'sweep-point', point, done: i + 1, total: finalPoints.length }));
  send({
    type: 'sweep-done',
    solver: result.solver,
    cancelled: result.cancelled,
    ...(result.cvMetric ? { cvMetric: result.cvMetric } : {}),
    ...(result.lambdaMin !== undefined ? { lambdaMin: result.lambdaMin } : {}),
    ...(result.lambda1se !== undefined ? { lambda1se: result.lambda1se } : {}),
    chosen: finalPoints.length ? chooseLambda(finalPoints, result.lambdaMin, result.lambda1se) : { lambda: spec.from, rule: 'none' },
  });
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
  };
  result.model.dispose();
  send({ type: 'done', outcome });
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
