// Entry of a training worker process: one run per process, so a crash, an out-of-memory abort or
// a hard cancel (kill) never touches the app. Runs under child_process.fork (plain Node) or
// Electron's utilityProcess (process.parentPort); it speaks workerProtocol in both.
//
// It loads its backend as soon as it starts and then says hello, so a worker started ahead of a
// run (a warm worker) has the slow part behind it when the start message comes. While it waits it
// trains a few tiny made-up models (warmUp.ts), so the job's first epoch runs on compiled code.
import os from 'node:os';
import path from 'node:path';
import { RegulaError, toUserError } from '../errors';
import { saveModelPackage } from '../export/modelFiles';
import { prepareData } from '../prep/prepare';
import { markersInForce } from '../data/missingMarkers';
import { validateSpec } from '../prep/validateSpec';
import { loadDatasetTable, readDatasetSummary } from '../store/datasetStore';
import { runDir } from '../store/runStore';
import { backendPreferenceFromEnv, loadBackend, type BackendPreference, type LoadedBackend } from './backend';
import { trainModelWith } from './trainModel';
import { checkpointHooks } from './checkpoints';
import { readCheckpoint, removeCheckpoint } from '../store/checkpointFile';
import { warmUpTraining } from './warmUp';
import { divergedReason } from './divergence';
import { coefficientsInOriginalUnits } from './weightStats';
import { onMessage, pulse, send, startHeartbeat } from './workerPort';
import { ToWorker, WORKER_PROTOCOL_VERSION, type RunOutcome, type StartMessage, type StartSweepMessage } from './workerProtocol';
import { logGrid, runSweep } from './sweep';
import { warmFoldHelpers } from './foldHelperPool';
import { WARM_FOLDS_FLAG } from './workerChannel';
import { parallelFolds } from './foldPool';
import { chooseLambda, namedPoint, sweepDecision } from './sweepSummary';
import type { EpochMetrics, RunSpec, SweepGrid } from '../../../shared/domain';
import { gridTop, lambda1Max, LAMBDA_MIN_RATIO } from './lambdaMax';
import { rowAccounting } from '../prep/rowAccounting';
import { lossKindFor } from './losses';
import { outputUnits } from './network';
import type { PreparedData } from './types';

let cancelRequested = false;
let started = false;

// Ctrl+C in a terminal reaches the whole process group, this worker included: the parent decides
// (it asks us to stop at the next batch, so the run is saved as cancelled with its metrics), so
// the signal must not kill us first.
process.on('SIGINT', () => undefined);

/** The backend asked for at launch (`--backend=…`, else REGULA_BACKEND), loaded before hello. */
const bootPreference: BackendPreference = backendArgument() ?? backendPreferenceFromEnv();
const bootBackend = loadBackend(bootPreference);
// A failure here is reported when a job asks for this backend (prepare awaits it again).
bootBackend.catch(() => undefined);

startHeartbeat();
onMessage((raw) => {
  const parsed = ToWorker.safeParse(raw);
  if (!parsed.success) {
    // Before a job, a message we cannot read is a start from mismatched or broken sources:
    // answer it, or the parent waits forever. During a job the job goes on.
    if (started) return;
    started = true;
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'message'}: ${i.message}`).join('; ');
    send({ type: 'error', error: { code: 'bad-worker-message', message: `The training process could not read its start message (${problems}).` } });
    finish(1);
    return;
  }
  if (parsed.data.type === 'cancel') {
    cancelRequested = true;
    // Cancelled before it had a job: nothing to stop or save.
    if (!started) finish(0);
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

/**
 * The warm-up after hello: a job that comes meanwhile stops it at its next batch (`started`) and
 * waits for that, so a job that comes at once (the CLI's) loses a batch at most.
 */
let warmUp: Promise<void> = Promise.resolve();
void bootBackend.then(
  ({ tf, info }) => {
    send({ type: 'hello', protocol: WORKER_PROTOCOL_VERSION, backend: info });
    if (!started) {
      // Then the fold helpers a cross-validated sweep would use, booted while we wait for a job
      // (after the warm-up, so they do not compete with it for the cores).
      warmUp = warmUpTraining(tf, () => started).then(() => {
        if (!started && process.argv.includes(WARM_FOLDS_FLAG)) warmFoldHelpers();
      });
    }
  },
  () => send({ type: 'hello', protocol: WORKER_PROTOCOL_VERSION }),
);

function backendArgument(): BackendPreference | undefined {
  const value = process.argv.find((a) => a.startsWith('--backend='))?.slice('--backend='.length);
  return value === 'auto' || value === 'native' || value === 'wasm' || value === 'cpu' ? value : undefined;
}

/** The backend loaded at start-up when the job wants the same one (the usual case). */
function backendFor(preference: BackendPreference): Promise<LoadedBackend> {
  return preference === bootPreference ? bootBackend : loadBackend(preference);
}

function finish(code: number): void {
  // Let the last message flush before the process goes away.
  setTimeout(() => process.exit(code), 50);
}

/** Backend, dataset and preprocessing: the common start of a run and a sweep. */
async function prepare(projectDir: string, spec: RunSpec, backendPreference: StartMessage['backendPreference']) {
  await warmUp;
  const { tf, info } = await backendFor(backendPreference);
  send({ type: 'backend', ...info });
  const dataset = await readDatasetSummary(projectDir, spec.datasetId);
  const { task } = validateSpec(spec, dataset);
  const table = await loadDatasetTable(projectDir, spec.datasetId);
  pulse();
  const { data, manifest } = prepareData(table, spec, task, dataset.sourceFile, memoryBudget(info.native), pulse);
  const markers = markersInForce(dataset.columns, [...spec.features, spec.target]);
  if (markers) manifest.missingMarkers = markers;
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
  // Cross-validation folds may go to helper processes: boot them while the rows are prepared.
  if (spec.folds !== undefined) warmFoldHelpers();
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
    parallelFolds(),
  );
  // Cross-validation adds cv to the points after the path: send the final points again (the
  // parent stores points by their position on the path, so these replace the first ones).
  const finalPoints = result.points.map((p) => namedPoint(p, names, data.classes));
  finalPoints.forEach((point, i) => send({ type: 'sweep-point', point, done: i + 1, total: finalPoints.length }));
  // Every λ diverged: the sweep fails with the reason (its points stay in the record, each flagged).
  if (!result.cancelled && finalPoints.length > 0 && finalPoints.every((p) => p.diverged !== undefined)) {
    throw new RegulaError('diverged', `Every λ of the path diverged (at λ = ${finalPoints[0]!.lambda.toPrecision(3)}: ${finalPoints[0]!.diverged}).`);
  }
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
  // Resuming: the parent checked the checkpoint before starting us; read it again here, where the
  // weights are needed (a file changed in between is refused by the same checks).
  const checkpoint = start.resume ? await readCheckpoint(start.projectDir, start.runId) : null;
  if (start.resume && !checkpoint) throw new RegulaError('no-checkpoint', `Run ${start.runId} has no checkpoint to resume from; use Retry.`);
  const epochs: EpochMetrics[] = checkpoint ? [...checkpoint.header.epochs] : [];

  const result = await trainModelWith(
    tf,
    start.spec,
    data,
    {
      onEpoch: (epoch) => {
        epochs.push(epoch);
        send({ type: 'epoch', epoch });
      },
      shouldStop: () => cancelRequested,
      ...checkpointHooks(start.projectDir, start.runId, epochs, (epoch) => send({ type: 'checkpoint', epoch })),
    },
    checkpoint ? { resume: checkpoint.state } : {},
  );

  // A diverged run fails with its reason; its weights are not saved as if they were a model —
  // unless the analyst asked for the last good weights, and an epoch ended before it diverged.
  const diverged = divergedReason(result);
  const keep = diverged !== undefined && start.spec.keepLastGoodWeights === true ? result.lastGoodEpoch : undefined;
  if (diverged !== undefined && keep === undefined) {
    result.model.dispose();
    const why = start.spec.keepLastGoodWeights ? ' (no epoch ended before it diverged, so there are no good weights to keep)' : '';
    throw new RegulaError('diverged', `Training diverged: ${diverged}. No model was saved${why}.`);
  }

  const modelDirRel = path.join('runs', start.runId, 'model');
  await saveModelPackage(tf, result.model, manifest, path.join(runDir(start.projectDir, start.runId), 'model'));
  // A finished run needs no checkpoint; a cancelled one keeps it, so it can still be resumed.
  if (!result.cancelled) await removeCheckpoint(start.projectDir, start.runId);

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
    // Gradient loops are named after their optimizer (adam, sgd+prox-l1…) and count epochs; the
    // exact linear solvers (cd, newton-cd, fista) count iterations.
    progressUnit: /^(adam|sgd|rmsprop)/.test(result.solver) ? 'epoch' : 'iteration',
    ...(diverged !== undefined && keep !== undefined
      ? { diverged: { reason: diverged, savedWeightsFrom: keep, ...(result.divergedAt !== undefined ? { divergedAt: result.divergedAt } : {}) } }
      : {}),
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
