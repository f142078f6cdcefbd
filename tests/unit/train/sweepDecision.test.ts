// From a sweep to a decision, and what every number of a run is: the data-derived λ grid (λmax
// = the smallest λ that zeroes every coefficient under our objective), λmin/λ1se with their CV
// standard errors, the edge warning, per-class coefficients, rows used/dropped, the positive
// class, and loss parts per epoch. Expected values are computed here from the data by their
// definitions, independently of the engine code under test.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { RunSpec } from '../../../shared/domain';
import { importTable } from '../../../electron/engine/data/importTable';
import { createEngine } from '../../../electron/engine/index';
import { prepareData } from '../../../electron/engine/prep/prepare';
import { fista } from '../../../electron/engine/train/fista';
import { lambda1Max } from '../../../electron/engine/train/lambdaMax';
import { linearProblem } from '../../../electron/engine/train/linearProblem';
import { logisticSolver } from '../../../electron/engine/train/newtonCd';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import type { Split } from '../../../electron/engine/train/types';
import { engineFixture, tempDir } from '../helpers';
import { loadFixture } from './fixtures';

const engine = () => createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });

/** max_j |Σ_i (x_ij − x̄_j)(y_i − ȳ)| / n: the KKT bound at w = 0 with the intercept at its optimum. */
function centeredCrossMax(split: Split, p: number): number {
  const n = split.rows;
  const ybar = split.y.reduce((s, v) => s + v, 0) / n;
  let max = 0;
  for (let j = 0; j < p; j++) {
    let xbar = 0;
    for (let i = 0; i < n; i++) xbar += split.x[i * p + j]!;
    xbar /= n;
    let s = 0;
    for (let i = 0; i < n; i++) s += (split.x[i * p + j]! - xbar) * (split.y[i]! - ybar);
    max = Math.max(max, Math.abs(s / n));
  }
  return max;
}

async function prepared(file: string, target: string, features: string[]) {
  const { table } = await importTable(engineFixture(file));
  const spec = RunSpec.parse({ datasetId: 'd', target, features, epochs: 1 });
  return prepareData(table, spec, target === 'label' ? 'binary' : 'regression').data;
}

describe('λmax under our objective (mean loss + λ·Σ|w|)', () => {
  it('is 2·max|xᵀ(y − ȳ)|/n for squared error, and zeroes every coefficient exactly from there', async () => {
    const data = await prepared('linear.csv', 'y', ['a', 'b', 'noise']);
    const p = data.featureNames.length;
    const lambdaMax = await lambda1Max('mse', data.train, p, 1);
    expect(lambdaMax).toBeCloseTo(2 * centeredCrossMax(data.train, p), 8);
    const problem = linearProblem('mse', data.train, p, 1);
    const nonZero = async (lambda1: number) => {
      const { kernel } = problem.kernelAndBias((await fista(problem, { lambda1, lambda2: 0 })).theta);
      return Array.from(kernel).filter((w) => w !== 0).length;
    };
    expect(await nonZero(lambdaMax * 1.001)).toBe(0);
    expect(await nonZero(lambdaMax * 0.99)).toBeGreaterThan(0);
  });

  it('is max|xᵀ(y − ȳ)|/n for binary cross-entropy', async () => {
    const data = await prepared('binary.csv', 'label', ['x1', 'x2']);
    expect(await lambda1Max('bce', data.train, 2, 1)).toBeCloseTo(centeredCrossMax(data.train, 2), 6);
  });

  it("is max over classes of |xᵀ(share − 1[y = c])|/n for softmax, and zeroes every class's coefficients from there", async () => {
    const f = loadFixture<{ rows: number; classes: string[]; featureNames: string[]; x: number[]; y: number[] }>('multinomial_path');
    const p = f.featureNames.length;
    const k = f.classes.length;
    const train = { x: Float32Array.from(f.x), y: Float32Array.from(f.y), rows: f.rows };
    let expected = 0;
    for (let c = 0; c < k; c++) {
      const share = f.y.filter((t) => t === c).length / f.rows;
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let i = 0; i < f.rows; i++) s += train.x[i * p + j]! * (share - (f.y[i] === c ? 1 : 0));
        expected = Math.max(expected, Math.abs(s / f.rows));
      }
    }
    const lambdaMax = await lambda1Max('cce', train, p, k);
    expect(lambdaMax).toBeCloseTo(expected, 10);
    const nonZero = async (lambda1: number) => {
      const { theta } = await logisticSolver('cce', train, p, k).solve({ lambda1, lambda2: 0 });
      return Array.from(theta.subarray(0, p * k)).filter((w) => w !== 0).length;
    };
    expect(await nonZero(lambdaMax * 1.001)).toBe(0);
    expect(await nonZero(lambdaMax * 0.99)).toBeGreaterThan(0);
  });

  it('finds the intercept by FISTA where it has no closed form (Huber), and zeroes every coefficient from there', async () => {
    const data = await prepared('linear.csv', 'y', ['a', 'b', 'noise']);
    const p = data.featureNames.length;
    const lambdaMax = await lambda1Max('huber', data.train, p, 1);
    const problem = linearProblem('huber', data.train, p, 1);
    const nonZero = async (lambda1: number) => {
      const { kernel } = problem.kernelAndBias((await fista(problem, { lambda1, lambda2: 0 })).theta);
      return Array.from(kernel).filter((w) => w !== 0).length;
    };
    expect(await nonZero(lambdaMax * 1.001)).toBe(0);
    expect(await nonZero(lambdaMax * 0.99)).toBeGreaterThan(0);
  });
});

describe('sweeps that lead to a decision', () => {
  it('derives the grid from the data and reports λmin and λ1se with their CV standard errors', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    const sweep = await (
      await project.startSweep({ base: { datasetId: dataset.id, target: 'y', features: ['a', 'b', 'noise'], epochs: 100 }, reg: 'l1', steps: 8, folds: 3 })
    ).done;
    expect(sweep.status).toBe('completed');
    expect(sweep.grid).toMatchObject({ source: 'data', steps: 8 });
    expect(sweep.grid!.from).toBeCloseTo(sweep.grid!.lambdaMax!, 4);
    expect(sweep.grid!.from).toBeGreaterThanOrEqual(sweep.grid!.lambdaMax!);
    expect(sweep.grid!.to).toBeCloseTo(sweep.grid!.from * 1e-3, 12);
    const first = sweep.points[0]!;
    expect(first.lambda).toBe(sweep.grid!.from);
    expect(first.zeros).toBe(first.weights); // λmax: every coefficient exactly zero…
    expect(sweep.points[1]!.zeros).toBeLessThan(sweep.points[1]!.weights); // …and not one step below
    expect(sweep.cvAtMin).toEqual(sweep.points.find((pt) => pt.lambda === sweep.lambdaMin)!.cv);
    expect(sweep.cvAt1se).toEqual(sweep.points.find((pt) => pt.lambda === sweep.lambda1se)!.cv);
    expect(sweep.cvAtMin!.se).toBeGreaterThan(0);
    expect(sweep.rows).toMatchObject({ total: 240, used: 240 });
    await project.close();
  }, 180_000);

  it('warns when the best λ is at the edge of the grid', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    // Every λ here is far above λmax: all models are the intercept alone and tie, so the best is
    // the first (largest) λ — the grid's edge.
    const sweep = await (
      await project.startSweep({ base: { datasetId: dataset.id, target: 'y', features: ['a', 'b'], epochs: 100 }, reg: 'l1', from: 1e4, to: 1e3, steps: 3, folds: 3 })
    ).done;
    expect(sweep.points.every((pt) => pt.zeros === pt.weights)).toBe(true);
    expect(sweep.lambdaMin).toBe(1e4);
    expect(sweep.edge).toBe('largest');
    expect(sweep.warnings?.[0]).toContain('largest λ of the grid');
    // "Train with this λ": one run with the sweep's spec and the chosen λ as its penalty.
    const handle = await project.trainAtLambda(sweep.id, 1e3);
    const trained = await handle.done;
    expect(trained.spec).toMatchObject({ datasetId: dataset.id, target: 'y', features: ['a', 'b'], regularizer: { kind: 'l1', l1: 1e3 } });
    expect(trained.sparsity).toEqual({ weights: 2, zeros: 2 });
    await project.close();
  }, 180_000);
});

describe('what a run record says about its numbers', () => {
  it('multiclass linear: per-class coefficients, macro averaging, rows used and dropped, iterations', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('missing.csv'));
    const run = await (
      await project.startRun({ datasetId: dataset.id, target: 'klass', features: ['u', 'v'], regularizer: { kind: 'l1', l1: 0.01 }, epochs: 500 })
    ).done;
    expect(run.status).toBe('completed');
    expect(run.task).toBe('multiclass');
    expect(run.averaging).toBe('macro');
    expect(run.positiveClass).toBeUndefined();
    expect(run.progressUnit).toBe('iteration');
    const byClass = run.coefficientsByClass!;
    expect(byClass.map((c) => c.class)).toEqual(run.classes);
    for (const k of byClass) {
      expect(k.coefficients.map((c) => c.feature)).toEqual(['u', 'v']);
      k.coefficients.forEach((c, j) => expect(c.valueOriginal).toBeCloseTo(c.value / run.features![j]!.std, 10));
    }
    // Rows: counted here from the CSV itself.
    const rows = Papa.parse<Record<string, string>>(await readFile(engineFixture('missing.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const missingUV = rows.filter((r) => r.u === '' || r.v === '').length;
    expect(run.rows).toMatchObject({ total: rows.length, droppedMissingTarget: 0, droppedMissingFeatures: missingUV, used: rows.length - missingUV });
    expect(run.rows!.train + run.rows!.validation + run.rows!.test).toBe(run.rows!.used);
    // Per epoch (here: per iteration of the exact solver) the loss comes in labelled parts.
    const epochs = await project.runMetrics(run.id);
    const last = epochs[epochs.length - 1]!;
    expect(last.unit).toBe('iteration');
    expect(last.lossParts!.total).toBe(last.loss);
    expect(last.lossParts!.data + last.lossParts!.penalty).toBeCloseTo(last.loss, 10);
    expect(last.valLossParts!.total).toBe(last.valLoss);
    expect(last.valLossParts!.penalty).toBe(last.lossParts!.penalty);
    await project.close();
  }, 180_000);

  it('binary network: the positive class is named, and each epoch splits data loss and penalty', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('binary.csv'));
    const run = await (
      await project.startRun({
        datasetId: dataset.id,
        target: 'label',
        features: ['x1', 'x2'],
        model: { kind: 'mlp', layers: [{ units: 4 }] },
        regularizer: { kind: 'l2', l2: 0.01 },
        epochs: 5,
      })
    ).done;
    expect(run.status).toBe('completed');
    expect(run.positiveClass).toBe(run.classes![1]);
    expect(run.averaging).toBe('binary');
    expect(run.progressUnit).toBe('epoch');
    const epochs = await project.runMetrics(run.id);
    expect(epochs).toHaveLength(5);
    for (const e of epochs) {
      expect(e.unit).toBe('epoch');
      expect(e.lossParts!.penalty).toBeGreaterThan(0);
      expect(e.lossParts!.data + e.lossParts!.penalty).toBeCloseTo(e.loss, 5);
      expect(e.valLossParts!.total).toBeCloseTo(e.valLoss!, 10);
      expect(e.valLossParts!.data).toBeCloseTo(e.metrics!.valDataLoss!, 10);
    }
    await project.close();
  }, 180_000);
});
