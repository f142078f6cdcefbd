// Loads the scikit-learn reference fixtures (made by tests/fixtures/make_sklearn_fixtures.py)
// and turns them into the engine's inputs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RunSpec, type RunSpecInput, type Task } from '../../../shared/domain';
import type { PreparedData } from '../../../electron/engine/train/types';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/sklearn');

export interface SklearnCase {
  name: string;
  task: Task;
  rows: number;
  featureNames: string[];
  classes: string[] | null;
  x: number[];
  y: number[];
  lambda1: number;
  lambda2: number;
  estimator: string;
  coefficients: number[] | number[][];
  intercept: number | number[];
  objective: number;
  zeroIndices: number[];
}

export interface LassoPathFixture {
  rows: number;
  featureNames: string[];
  x: number[];
  y: number[];
  lambdaMax: number;
  points: { lambda1: number; objective: number; coefficients: number[]; zeroIndices: number[] }[];
}

export function loadFixture<T = SklearnCase>(name: string): T {
  return JSON.parse(readFileSync(path.join(DIR, `${name}.json`), 'utf8')) as T;
}

export function preparedFrom(f: { rows: number; featureNames: string[]; x: number[]; y: number[]; task?: Task; classes?: string[] | null }): PreparedData {
  const empty = { x: new Float32Array(0), y: new Float32Array(0), rows: 0 };
  return {
    task: f.task ?? 'regression',
    featureNames: f.featureNames,
    ...(f.classes ? { classes: f.classes } : {}),
    train: { x: Float32Array.from(f.x), y: Float32Array.from(f.y), rows: f.rows },
    validation: empty,
  };
}

export function regularizerFor(lambda1: number, lambda2: number): RunSpecInput['regularizer'] {
  if (lambda1 > 0 && lambda2 > 0) return { kind: 'l1l2', l1: lambda1, l2: lambda2 };
  if (lambda1 > 0) return { kind: 'l1', l1: lambda1 };
  if (lambda2 > 0) return { kind: 'l2', l2: lambda2 };
  return { kind: 'none' };
}

export function specFor(featureNames: string[], overrides: Partial<RunSpecInput> = {}): RunSpec {
  return RunSpec.parse({ datasetId: 'fixture', target: 'y', features: featureNames, epochs: 100, valSplit: 0, ...overrides });
}

export const quietHooks = { onEpoch: (): void => {}, shouldStop: (): boolean => false };
