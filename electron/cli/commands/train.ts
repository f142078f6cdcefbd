// regula train FILE --target COL …: imports the file into a project, trains one run in a worker
// process and prints its record. The spec is checked against the file before anything is saved.
import path from 'node:path';
import { z } from 'zod';
import { DenseLayerSpec, RunSpec, type DatasetSummary, type EpochMetrics, type Regularizer, type RunRecord, type RunSpecInput } from '../../../shared/domain';

type DenseLayerSpecInput = z.input<typeof DenseLayerSpec>;
import { RegulaError, toUserError, validateSpec, fileSha256, type Project, type RunHandle } from '../../engine/index';
import type { EngineHost } from '../../app/engineHost';
import { interruptSignal, onInterrupt } from '../interrupt';
import { info, printJson } from '../output';
import { choiceFlag, integerFlag, listFlag, numberFlag } from '../parseOptions';
import { assertReadableFile, cliHost, projectForCli, reportImportProgress } from '../projectForCli';

export interface TrainFlags {
  target: string;
  features?: string;
  task?: string;
  model?: string;
  hidden?: string;
  layers?: string;
  activation?: string;
  dropout?: string;
  reg?: string;
  l1?: string;
  l2?: string;
  epochs?: string;
  batchSize?: string;
  learningRate?: string;
  optimizer?: string;
  valSplit?: string;
  testSplit?: string;
  seed?: string;
  patience?: string;
  solver?: string;
  loss?: string;
  proximal?: boolean;
  keepLastGood?: boolean;
  sheet?: string;
  project?: string;
  json?: boolean;
  quiet?: boolean;
  events?: boolean;
}

export async function trainCommand(file: string, flags: TrainFlags): Promise<void> {
  await assertReadableFile(file);
  const partial = specFromFlags(flags); // flag errors before any project is touched
  const host = cliHost({ prestartWorker: true });
  reportImportProgress(host, flags.quiet === true, flags.events === true);
  const project = await projectForCli(host, flags.project);
  for (const notice of project.notices) info(notice);
  try {
    const dataset = await datasetFor(project, file, flags, partial);
    const handle = await project.startRun({ ...partial, datasetId: dataset.id, features: partial.features.length ? partial.features : defaultFeatures(dataset, partial.target) });
    await followRun(host, project, handle, { ...flags, epochsWanted: partial.epochs });
  } finally {
    await project.close();
  }
}

/** Prints a run's progress until it ends, then its record; Ctrl+C cancels it (train, resume, retry). */
export async function followRun(host: EngineHost, project: Project, handle: RunHandle, flags: { json?: boolean; quiet?: boolean; epochsWanted: number }): Promise<void> {
  // The record comes from the engine's own finish event, as every face gets it.
  const finished = new Promise<RunRecord>((resolve) => {
    const off = host.events.on('training:finished', ({ run }) => {
      if (run.id !== handle.runId) return;
      off();
      resolve(run);
    });
  });
  // The latest epoch, printed once a second rather than every epoch.
  let latest: EpochMetrics | undefined;
  const offProgress = host.events.on('training:progress', ({ runId, epoch }) => {
    if (runId === handle.runId) latest = epoch;
  });
  const stopListening = onInterrupt(() => handle.cancel());
  const progress = setInterval(() => {
    const last = latest;
    latest = undefined;
    if (last && !flags.quiet) info(`epoch ${last.epoch}/${flags.epochsWanted}  loss ${last.loss.toPrecision(5)}${last.valLoss !== undefined ? `  val_loss ${last.valLoss.toPrecision(5)}` : ''}`);
  }, 1000);
  const run = await finished;
  clearInterval(progress);
  stopListening();
  offProgress();
  report(run, project, flags.json === true);
  if (run.status === 'failed') throw new RegulaError('run-failed', `Training failed: ${run.error ?? 'unknown reason'}`);
}

function report(run: RunRecord, project: Project, json: boolean): void {
  const out = {
    runId: run.id,
    name: run.name,
    status: run.status,
    task: run.task,
    backend: run.backend,
    classes: run.classes,
    features: run.features,
    metrics: run.metrics ?? { train: {}, validation: {} },
    loss: run.loss,
    sparsity: run.sparsity,
    // Multiclass linear models: every class's coefficients, each entry naming its class.
    coefficients:
      run.coefficients?.map((c) => ({ feature: c.feature, value: c.value, valueOriginal: c.valueOriginal })) ??
      run.coefficientsByClass?.flatMap((k) => k.coefficients.map((c) => ({ feature: c.feature, value: c.value, valueOriginal: c.valueOriginal, class: k.class }))),
    coefficientsByClass: run.coefficientsByClass,
    intercept: run.intercept,
    interceptOriginal: run.interceptOriginal,
    confusion: run.confusion,
    solver: run.solver,
    epochsRun: run.epochsRun,
    stopReason: run.stopReason,
    error: run.error,
    spec: run.spec,
    rows: run.rows,
    positiveClass: run.positiveClass,
    averaging: run.averaging,
    progressUnit: run.progressUnit,
    dataset: run.dataset,
    checkpoint: run.checkpoint,
    resumedFrom: run.resumedFrom,
    project: project.dir,
    modelDir: run.modelDir ? path.join(project.dir, run.modelDir) : null,
    // A diverged run kept at the analyst's request: failed, with the epoch its saved weights come from.
    divergedAt: run.divergedAt,
    savedWeightsFrom: run.savedWeightsFrom,
  };
  if (json) {
    printJson(out);
    return;
  }
  info(`${run.name}: ${run.status}${run.stopReason ? ` (${run.stopReason})` : ''} on ${run.backend ?? 'unknown backend'}`);
  for (const [split, metrics] of Object.entries(out.metrics)) {
    if (!metrics) continue;
    const text = Object.entries(metrics)
      .filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => `${k}=${(v as number).toPrecision(5)}`)
      .join('  ');
    console.log(`  ${split.padEnd(10)} ${text}`);
  }
  if (run.sparsity) console.log(`  weights: ${run.sparsity.weights}, exact zeros: ${run.sparsity.zeros}`);
  if (run.rows) {
    const r = run.rows;
    console.log(`  rows: ${r.used} of ${r.total} used (train ${r.train}, validation ${r.validation}, test ${r.test}); dropped ${r.droppedMissingTarget} with no target, ${r.droppedMissingFeatures} with a missing feature`);
  }
  if (run.loss) console.log(`  objective on the training rows: data loss ${run.loss.data.toPrecision(5)} + penalty ${run.loss.penalty.toPrecision(5)} = ${run.loss.total.toPrecision(5)}`);
  if (run.positiveClass !== undefined) console.log(`  precision, recall, f1 and auc are for the positive class "${run.positiveClass}"`);
  if (run.averaging === 'macro') console.log('  precision, recall and f1 are macro averages over the classes');
  if (out.modelDir) console.log(`  model saved in ${out.modelDir}${run.savedWeightsFrom !== undefined ? ` (the weights of epoch ${run.savedWeightsFrom}, before the run diverged)` : ''}`);
}

/** Reuses the project's copy when the same file was imported before; otherwise imports it. */
export async function datasetFor(project: Project, file: string, flags: TrainFlags, spec: SpecWithoutDataset): Promise<DatasetSummary> {
  // Hashing reads the whole file (seconds for a large one): only when a dataset of that name could match.
  const sameName = project.datasets().filter((d) => d.sourceFile === path.basename(file));
  const sha = sameName.length ? await fileSha256(file) : undefined;
  const existing = sha === undefined ? undefined : sameName.find((d) => d.sha256 === sha);
  const check = (summary: DatasetSummary) => {
    const features = spec.features.length ? spec.features : defaultFeatures(summary, spec.target);
    validateSpec(RunSpec.parse({ ...spec, datasetId: summary.id, features }), summary);
  };
  if (existing) {
    check(existing);
    return existing;
  }
  return project.importDataset(file, { check, signal: interruptSignal, ...(flags.sheet ? { sheet: flags.sheet } : {}) });
}

/** Every column but the target that can be a model input and is not identifier-like. */
export function defaultFeatures(dataset: DatasetSummary, target: string): string[] {
  const usable = new Set(['number', 'integer', 'boolean', 'date', 'category']);
  const features = dataset.columns.filter((c) => c.name !== target && usable.has(c.type) && !c.excludedByDefault).map((c) => c.name);
  if (features.length === 0) throw new RegulaError('no-features', `${dataset.sourceFile} has no usable feature columns besides the target "${target}".`, { file: dataset.sourceFile });
  return features;
}

type SpecWithoutDataset = Omit<RunSpecInput, 'datasetId' | 'features'> & { features: string[]; epochs: number; target: string };

export function specFromFlags(flags: TrainFlags): SpecWithoutDataset {
  const reg = choiceFlag('--reg', flags.reg, ['none', 'l1', 'l2', 'l1l2'] as const) ?? 'none';
  const l1 = numberFlag('--l1', flags.l1);
  const l2 = numberFlag('--l2', flags.l2);
  for (const [flag, value] of [['--l1', l1], ['--l2', l2]] as const) {
    if (value !== undefined && value < 0) throw new RegulaError('bad-option', `${flag} must be ≥ 0 (got ${value}); λ is a penalty weight.`);
  }
  const regularizer: Regularizer =
    reg === 'none' ? { kind: 'none' } : reg === 'l1' ? { kind: 'l1', l1: l1 ?? 0.01 } : reg === 'l2' ? { kind: 'l2', l2: l2 ?? 0.01 } : { kind: 'l1l2', l1: l1 ?? 0.01, l2: l2 ?? 0.01 };
  const modelKind = choiceFlag('--model', flags.model, ['linear', 'mlp'] as const) ?? 'linear';
  const activation = choiceFlag('--activation', flags.activation, ['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear'] as const) ?? 'relu';
  const dropout = numberFlag('--dropout', flags.dropout) ?? 0;
  const hidden = (listFlag(flags.hidden) ?? ['64', '32']).map((u) => integerFlag('--hidden', u)!);
  const layers = flags.layers !== undefined ? parseLayers(flags.layers) : hidden.map((units) => ({ units, activation, dropout }));
  const epochs = integerFlag('--epochs', flags.epochs) ?? 100;
  if (epochs <= 0) throw new RegulaError('bad-option', `--epochs must be at least 1 (got ${epochs}).`);
  const batchSize = integerFlag('--batch-size', flags.batchSize);
  if (batchSize !== undefined && batchSize <= 0) throw new RegulaError('bad-option', `--batch-size must be at least 1 (got ${batchSize}).`);
  const learningRate = numberFlag('--learning-rate', flags.learningRate);
  if (learningRate !== undefined && learningRate <= 0) throw new RegulaError('bad-option', `--learning-rate must be > 0 (got ${learningRate}).`);
  const optimizer = choiceFlag('--optimizer', flags.optimizer, ['adam', 'sgd', 'rmsprop'] as const) ?? 'adam';
  const spec: SpecWithoutDataset = {
    target: flags.target,
    features: listFlag(flags.features) ?? [],
    task: choiceFlag('--task', flags.task, ['auto', 'regression', 'binary', 'multiclass'] as const) ?? 'auto',
    model: modelKind === 'linear' ? { kind: 'linear' } : { kind: 'mlp', layers },
    regularizer,
    optimizer: { kind: optimizer, learningRate: learningRate ?? 0.01, momentum: 0 },
    epochs,
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(flags.valSplit !== undefined ? { valSplit: numberFlag('--val-split', flags.valSplit)! } : {}),
    ...(flags.testSplit !== undefined ? { testSplit: numberFlag('--test-split', flags.testSplit)! } : {}),
    ...(flags.seed !== undefined ? { seed: integerFlag('--seed', flags.seed)! } : {}),
    ...(flags.patience !== undefined ? { earlyStoppingPatience: integerFlag('--patience', flags.patience)! } : {}),
    ...(flags.solver !== undefined ? { solver: choiceFlag('--solver', flags.solver, ['auto', 'fista', 'gradient'] as const)! } : {}),
    ...(flags.proximal === false ? { proximalL1: false } : {}),
    ...(flags.keepLastGood ? { keepLastGoodWeights: true } : {}),
    ...(flags.loss !== undefined ? { loss: choiceFlag('--loss', flags.loss, ['mse', 'mae', 'huber'] as const)! } : {}),
  };
  // Same schema the app uses: range errors (split ≥ 1, λ too large…) name the setting.
  RunSpec.parse({ ...spec, datasetId: 'check', features: spec.features.length ? spec.features : ['check'] });
  return spec;
}

/** --layers: a JSON array of layer specs, for per-layer kernel/bias/activity regularizers. */
function parseLayers(text: string): DenseLayerSpecInput[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // SyntaxError, the only error JSON.parse raises on a string: the option is not JSON.
    throw new RegulaError('bad-option', `--layers must be a JSON array, e.g. '[{"units":64,"kernelRegularizer":{"kind":"l1","l1":0.001}}]'.`);
  }
  const parsed = z.array(DenseLayerSpec).min(1).max(16).safeParse(json);
  if (!parsed.success) throw new RegulaError('bad-option', `--layers: ${toUserError(parsed.error).message}`);
  return parsed.data;
}
