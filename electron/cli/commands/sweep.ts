// regula sweep FILE --target COL --reg l1|l2|l1l2 --grid FROM:TO:STEPS: a regularization path.
// The path runs in this process: the CLI has no interface thread to keep responsive. The result
// is stored in the project (sweeps/<id>.json) so it can be compared and drawn later.
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import { RunSpec } from '../../../shared/domain';
import { RegulaError } from '../../engine/errors';
import { loadBackend } from '../../engine/train/backend';
import { prepareData } from '../../engine/prep/prepare';
import { validateSpec } from '../../engine/prep/validateSpec';
import { loadDatasetTable } from '../../engine/store/datasetStore';
import { writeJsonAtomic } from '../../engine/store/atomicFile';
import { logGrid, runSweep, type SweepPoint } from '../../engine/train/sweep';
import { newId } from '../../engine/random';
import { info, printJson } from '../output';
import { choiceFlag, integerFlag, numberFlag } from '../parseOptions';
import { assertReadableFile, cliEngine, projectForCli } from '../projectForCli';
import { datasetFor, defaultFeatures, specFromFlags, type TrainFlags } from './train';

export interface SweepFlags extends Omit<TrainFlags, 'reg'> {
  reg: string;
  grid: string;
  l1Ratio?: string;
  folds?: string;
}

export async function sweepCommand(file: string, flags: SweepFlags): Promise<void> {
  await assertReadableFile(file);
  const reg = choiceFlag('--reg', flags.reg, ['l1', 'l2', 'l1l2'] as const)!;
  const lambdas = parseGrid(flags.grid);
  const l1Ratio = numberFlag('--l1-ratio', flags.l1Ratio);
  if (l1Ratio !== undefined && !(l1Ratio > 0 && l1Ratio <= 1)) throw new RegulaError('bad-option', `--l1-ratio must be in (0, 1] (got ${l1Ratio}).`);
  if (l1Ratio !== undefined && reg !== 'l1l2') throw new RegulaError('bad-option', '--l1-ratio applies to --reg l1l2 only.');
  const folds = integerFlag('--folds', flags.folds);
  const partial = specFromFlags({ ...flags, reg: 'none' });

  const project = await projectForCli(cliEngine(), flags.project);
  try {
    const dataset = await datasetFor(project, file, flags, partial);
    const features = partial.features.length ? partial.features : defaultFeatures(dataset, partial.target);
    const spec = RunSpec.parse({ ...partial, datasetId: dataset.id, features });
    const { task } = validateSpec(spec, dataset);
    const { data, manifest } = prepareData(await loadDatasetTable(project.dir, dataset.id), spec, task, dataset.sourceFile);
    const { tf, info: backend } = await loadBackend();
    let stop = false;
    process.once('SIGINT', () => (stop = true));
    const result = await runSweep(tf, spec, data, { reg, lambdas, ...(l1Ratio !== undefined ? { l1Ratio } : {}), ...(folds !== undefined ? { folds } : {}) }, {
      onPoint: (p, done, total) => {
        if (!flags.quiet) info(`λ ${p.lambda.toPrecision(4)} (${done}/${total}): ${p.zeros}/${p.weights} zeros, validation ${describe(p)}`);
      },
      shouldStop: () => stop,
    });
    const names = manifest.inputs.map((i) => i.name);
    const chosen = chooseLambda(result.points, result.lambdaMin, result.lambda1se);
    const sweepId = newId('s');
    const out = {
      sweepId,
      task,
      backend: backend.name,
      reg,
      solver: result.solver,
      features: manifest.inputs.map((i) => ({ name: i.name, mean: i.mean, std: i.std })),
      ...(data.classes ? { classes: data.classes } : {}),
      points: result.points.map((p) => ({
        lambda: p.lambda,
        lambda1: p.lambda1,
        lambda2: p.lambda2,
        metrics: p.metrics,
        loss: p.loss,
        weights: p.weights,
        zeros: p.zeros,
        ...(p.cv ? { cv: p.cv } : {}),
        ...(p.coefficients ? { coefficients: namedCoefficients(p.coefficients, names) } : {}),
        ...(p.intercept !== undefined ? { intercept: p.intercept } : {}),
      })),
      ...(result.cvMetric ? { cvMetric: result.cvMetric } : {}),
      ...(result.lambdaMin !== undefined ? { lambdaMin: result.lambdaMin } : {}),
      ...(result.lambda1se !== undefined ? { lambda1se: result.lambda1se } : {}),
      chosen,
      cancelled: result.cancelled,
      spec,
      project: project.dir,
    };
    await mkdir(path.join(project.dir, 'sweeps'), { recursive: true });
    await writeJsonAtomic(path.join(project.dir, 'sweeps', `${sweepId}.json`), { schemaVersion: 1, datasetId: dataset.id, ...out });
    if (flags.json) printJson(out);
    else {
      for (const p of out.points) console.log(`λ=${p.lambda.toPrecision(4).padEnd(10)} zeros=${String(p.zeros).padStart(4)}/${p.weights}  ${describe(p)}`);
      console.log(`chosen λ = ${chosen.lambda} (${chosen.rule})`);
    }
  } finally {
    await project.close();
  }
}

/** With cross-validation, glmnet's λ1se; otherwise the λ with the best validation score. */
function chooseLambda(points: SweepPoint[], lambdaMin?: number, lambda1se?: number): { lambda: number; rule: string } {
  if (lambda1se !== undefined) return { lambda: lambda1se, rule: 'lambda1se' };
  if (lambdaMin !== undefined) return { lambda: lambdaMin, rule: 'lambdaMin' };
  let best = points[0]!;
  const score = (p: SweepPoint) => (p.metrics.validation.mse ?? p.metrics.validation.loss ?? Infinity) as number;
  for (const p of points) if (score(p) < score(best)) best = p;
  return { lambda: best.lambda, rule: 'best validation' };
}

function namedCoefficients(coefficients: number[] | number[][], names: string[]) {
  if (Array.isArray(coefficients[0])) return (coefficients as number[][]).map((row) => names.map((feature, j) => ({ feature, value: row[j]! })));
  return names.map((feature, j) => ({ feature, value: (coefficients as number[])[j]! }));
}

function describe(p: { metrics: { validation: Record<string, number | null> } }): string {
  const v = p.metrics.validation;
  const key = v.rmse !== undefined ? 'rmse' : 'accuracy';
  return `${key}=${typeof v[key] === 'number' ? (v[key] as number).toPrecision(4) : '-'}`;
}

export function parseGrid(grid: string): number[] {
  const parts = grid.split(':');
  const [from, to, steps] = [Number(parts[0]), Number(parts[1]), Number(parts[2])];
  if (parts.length !== 3 || !(from > 0) || !(to > 0) || !Number.isInteger(steps) || steps < 1 || steps > 200) {
    throw new RegulaError('bad-option', `--grid must be FROM:TO:STEPS with positive λ end points and 1–200 steps, e.g. 1:0.001:20 (got "${grid}").`);
  }
  return logGrid(from, to, steps);
}
