// regula sweep FILE --target COL --reg l1|l2|l1l2 --grid FROM:TO:STEPS: a regularization path,
// run in a worker process like the app's and kept in the project (sweeps/<id>/sweep.json).
import { RunSpec, type SweepPoint, type SweepRecord } from '../../../shared/domain';
import { RegulaError } from '../../engine/index';
import { onInterrupt } from '../interrupt';
import { info, printJson } from '../output';
import { choiceFlag, integerFlag, numberFlag } from '../parseOptions';
import { assertReadableFile, cliHost, projectForCli, reportImportProgress } from '../projectForCli';
import { datasetFor, defaultFeatures, specFromFlags, type TrainFlags } from './train';

export interface SweepFlags extends Omit<TrainFlags, 'reg'> {
  reg: string;
  grid?: string;
  steps?: string;
  l1Ratio?: string;
  folds?: string;
}

export async function sweepCommand(file: string, flags: SweepFlags): Promise<void> {
  await assertReadableFile(file);
  const reg = choiceFlag('--reg', flags.reg, ['l1', 'l2', 'l1l2'] as const)!;
  // Without --grid: λmax (every coefficient zero) down to λmax·1e-3, derived from the data.
  if (flags.grid !== undefined && flags.steps !== undefined) throw new RegulaError('bad-option', '--steps is for the data-derived grid; with --grid give the steps as FROM:TO:STEPS.');
  const steps = integerFlag('--steps', flags.steps) ?? 20;
  if (steps < 1 || steps > 200) throw new RegulaError('bad-option', `--steps must be from 1 to 200 (got ${steps}).`);
  const grid = flags.grid !== undefined ? parseGrid(flags.grid) : { steps };
  const l1Ratio = numberFlag('--l1-ratio', flags.l1Ratio);
  if (l1Ratio !== undefined && !(l1Ratio > 0 && l1Ratio <= 1)) throw new RegulaError('bad-option', `--l1-ratio must be in (0, 1] (got ${l1Ratio}).`);
  if (l1Ratio !== undefined && reg !== 'l1l2') throw new RegulaError('bad-option', '--l1-ratio applies to --reg l1l2 only.');
  const folds = integerFlag('--folds', flags.folds);
  if (folds !== undefined && (folds < 2 || folds > 20)) throw new RegulaError('bad-option', `--folds must be from 2 to 20 (got ${folds}).`);
  const partial = specFromFlags({ ...flags, reg: 'none' });

  // With cross-validation the worker sends the points again with their CV scores; print each once.
  let printed = 0;
  // Cross-validation's fold helpers boot while the file is read (see WorkerLaunchOptions).
  const host = cliHost({ prestartWorker: true, warmFoldHelpers: folds !== undefined });
  host.events.on('sweep:progress', ({ point: p, done, total }) => {
    if (done <= printed) return;
    printed = done;
    if (!flags.quiet) info(`λ ${p.lambda.toPrecision(4)} (${done}/${total}): ${p.zeros}/${p.weights} zeros, validation ${describe(p)}`);
  });
  reportImportProgress(host, flags.quiet === true, flags.events === true);
  const project = await projectForCli(host, flags.project);
  for (const notice of project.notices) info(notice);
  try {
    const dataset = await datasetFor(project, file, flags, partial);
    const features = partial.features.length ? partial.features : defaultFeatures(dataset, partial.target);
    const base = RunSpec.parse({ ...partial, datasetId: dataset.id, features });
    const handle = await project.startSweep({
      base,
      reg,
      ...grid,
      ...(l1Ratio !== undefined ? { l1Ratio } : {}),
      ...(folds !== undefined ? { folds } : {}),
    });
    const stopListening = onInterrupt(() => handle.cancel());
    // The record comes from the engine's own finish event, as every face gets it.
    const sweep = await new Promise<SweepRecord>((resolve) => {
      const off = host.events.on('sweep:finished', ({ sweep: finished }) => {
        if (finished.id !== handle.sweepId) return;
        off();
        resolve(finished);
      });
    });
    stopListening();
    const out = {
      sweepId: sweep.id,
      name: sweep.name,
      status: sweep.status,
      task: sweep.task,
      backend: sweep.backend,
      reg,
      solver: sweep.solver,
      features: sweep.features,
      ...(sweep.classes ? { classes: sweep.classes } : {}),
      points: sweep.points,
      ...(sweep.cvMetric ? { cvMetric: sweep.cvMetric } : {}),
      ...(sweep.lambdaMin !== undefined ? { lambdaMin: sweep.lambdaMin } : {}),
      ...(sweep.lambda1se !== undefined ? { lambda1se: sweep.lambda1se } : {}),
      chosen: sweep.chosen,
      ...(sweep.grid ? { grid: sweep.grid } : {}),
      ...(sweep.cvAtMin ? { cvAtMin: sweep.cvAtMin } : {}),
      ...(sweep.cvAt1se ? { cvAt1se: sweep.cvAt1se } : {}),
      ...(sweep.edge ? { edge: sweep.edge } : {}),
      warnings: sweep.warnings ?? [],
      ...(sweep.rows ? { rows: sweep.rows } : {}),
      cancelled: sweep.status === 'cancelled',
      spec: sweep.spec,
      project: project.dir,
      // λ values whose fit diverged: each such point carries `diverged` (the reason) and no scores.
      divergedLambdas: sweep.points.filter((p) => p.diverged !== undefined).map((p) => p.lambda),
      ...(sweep.error ? { error: sweep.error } : {}),
    };
    // A failed sweep still prints its record with --json (every λ diverged: the flagged points).
    if (sweep.status === 'failed') {
      if (flags.json) printJson(out);
      throw new RegulaError('sweep-failed', `The sweep failed: ${sweep.error ?? 'unknown reason'}`);
    }
    if (flags.json) printJson(out);
    else {
      for (const p of out.points) console.log(`λ=${p.lambda.toPrecision(4).padEnd(10)} zeros=${String(p.zeros).padStart(4)}/${p.weights}  ${describe(p)}`);
      if (out.chosen) console.log(`chosen λ = ${out.chosen.lambda} (${out.chosen.rule})`);
      for (const w of out.warnings) info(`warning: ${w}`);
    }
  } finally {
    await project.close();
  }
}

function describe(p: SweepPoint): string {
  if (p.diverged !== undefined) return `diverged: ${p.diverged}`;
  const v = p.metrics.validation;
  const key = v.rmse !== undefined ? 'rmse' : 'accuracy';
  const value = v[key];
  return `${key}=${typeof value === 'number' ? value.toPrecision(4) : '-'}`;
}

export function parseGrid(grid: string): { from: number; to: number; steps: number } {
  const parts = grid.split(':');
  const [from, to, steps] = [Number(parts[0]), Number(parts[1]), Number(parts[2])];
  if (parts.length !== 3 || !(from > 0) || !(to > 0) || !Number.isInteger(steps) || steps < 1 || steps > 200) {
    throw new RegulaError('bad-option', `--grid must be FROM:TO:STEPS with positive λ end points and 1–200 steps, e.g. 1:0.001:20 (got "${grid}").`);
  }
  return { from, to, steps };
}
