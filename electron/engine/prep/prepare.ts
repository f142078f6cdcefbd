// Turns a stored table and a run spec into standardized float32 matrices for training.
// Rows with a missing target or feature are dropped (and counted); categories are one-hot encoded;
// the split is seeded (stratified for classification) and standardization is fitted on the
// training rows only, so validation and test rows never leak into the scaling.
import { SCHEMA_VERSION, type RunSpec, type Task } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { seededRandom, shuffledIndices } from '../random';
import { isNumericColumn, type Column, type Table } from '../data/table';
import type { PreparedData, Split } from '../train/types';
import type { InputEncoding, PrepManifest } from './manifest';

export interface Prepared {
  data: PreparedData;
  manifest: PrepManifest;
}

export function prepareData(table: Table, spec: RunSpec, task: Task, file = 'the dataset'): Prepared {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const column = (name: string): Column => {
    const c = byName.get(name);
    if (!c) throw new RegulaError('unknown-column', `Column "${name}" is not in ${file}.`, { file, column: name });
    return c;
  };
  const target = column(spec.target);
  const features = spec.features.map(column);

  // Rows usable for training: target and every feature present and finite.
  const keep: number[] = [];
  for (let row = 0; row < table.rowCount; row++) {
    if (isMissing(target, row)) continue;
    let ok = true;
    for (const f of features) {
      if (isMissing(f, row)) {
        ok = false;
        break;
      }
      if (isNumericColumn(f) && !Number.isFinite(f.values[row]!)) {
        throw new RegulaError('non-finite', `Feature "${f.name}" has a non-finite value (${f.values[row]}) in data row ${row + 1} of ${file}.`, {
          file,
          row: row + 1,
          column: f.name,
        });
      }
    }
    if (ok) keep.push(row);
  }
  if (keep.length < 2) {
    throw new RegulaError('no-rows', `Only ${keep.length} row(s) of ${file} have a value in the target and in every chosen feature.`, { file });
  }

  const { labels, classes } = encodeTarget(target, keep, task, file);
  const split = splitRows(keep.length, labels, classes !== undefined, spec);
  const encodings = fitEncodings(features, keep, split.train, file);
  const build = (positions: number[]): Split => buildSplit(encodings, byName, keep, positions, labels);

  const data: PreparedData = {
    task,
    featureNames: encodings.map((e) => e.name),
    ...(classes ? { classes } : {}),
    train: build(split.train),
    validation: build(split.validation),
    ...(split.test.length ? { test: build(split.test) } : {}),
  };
  const manifest: PrepManifest = {
    schemaVersion: SCHEMA_VERSION,
    target: { name: target.name, task, ...(classes ? { classes } : {}) },
    inputs: encodings,
    missing: 'drop-rows',
    rows: {
      total: table.rowCount,
      used: keep.length,
      dropped: table.rowCount - keep.length,
      train: split.train.length,
      validation: split.validation.length,
      test: split.test.length,
    },
    seed: spec.seed,
  };
  return { data, manifest };
}

function isMissing(c: Column, row: number): boolean {
  return isNumericColumn(c) ? Number.isNaN(c.values[row]!) : c.values[row] == null;
}

function targetText(c: Column, row: number): string {
  if (isNumericColumn(c)) {
    const v = c.values[row]!;
    return c.type === 'boolean' ? (v ? 'true' : 'false') : String(v);
  }
  return c.values[row]!;
}

function encodeTarget(target: Column, keep: number[], task: Task, file: string): { labels: Float32Array; classes?: string[] } {
  const labels = new Float32Array(keep.length);
  if (task === 'regression') {
    if (!isNumericColumn(target)) throw new RegulaError('bad-task', `Target "${target.name}" is not numeric; regression needs numbers.`, { column: target.name });
    keep.forEach((row, i) => (labels[i] = target.values[row]!));
    return { labels };
  }
  // Classes in a stable order: numeric targets by value (so binary 0/1 and false/true put the
  // positive class second), text targets alphabetically.
  const texts = keep.map((row) => targetText(target, row));
  const classes = isNumericColumn(target)
    ? [...new Set(keep.map((row) => target.values[row]!))].sort((a, b) => a - b).map((v) => (target.type === 'boolean' ? (v ? 'true' : 'false') : String(v)))
    : [...new Set(texts)].sort((a, b) => a.localeCompare(b));
  if (classes.length < 2) {
    throw new RegulaError('constant-target', `Target "${target.name}" has a single class among the usable rows of ${file}.`, { file, column: target.name });
  }
  if (task === 'binary' && classes.length !== 2) {
    throw new RegulaError('bad-task', `Target "${target.name}" has ${classes.length} classes; binary classification needs exactly 2.`, { column: target.name });
  }
  if (classes.length > keep.length / 2) {
    throw new RegulaError('too-many-classes', `Target "${target.name}" has ${classes.length} classes for ${keep.length} rows; that is too few rows per class to learn from.`, {
      file,
      column: target.name,
    });
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  texts.forEach((t, i) => (labels[i] = index.get(t)!));
  return { labels, classes };
}

interface RowSplit {
  train: number[];
  validation: number[];
  test: number[];
}

/** Positions (into the kept rows) for each split; stratified by class for classification. */
function splitRows(n: number, labels: Float32Array, stratify: boolean, spec: RunSpec): RowSplit {
  const random = seededRandom(spec.seed);
  const groups = new Map<number, number[]>();
  const order = shuffledIndices(n, random);
  for (const i of order) {
    const key = stratify ? labels[i]! : 0;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  }
  const result: RowSplit = { train: [], validation: [], test: [] };
  for (const g of groups.values()) {
    const nTest = spec.testSplit > 0 ? Math.max(1, Math.round(g.length * spec.testSplit)) : 0;
    const nVal = spec.valSplit > 0 ? Math.max(1, Math.round(g.length * spec.valSplit)) : 0;
    result.test.push(...g.slice(0, nTest));
    result.validation.push(...g.slice(nTest, nTest + nVal));
    result.train.push(...g.slice(nTest + nVal));
  }
  if (result.train.length < 2) throw new RegulaError('no-rows', `The split leaves ${result.train.length} training row(s); lower the validation/test share.`);
  for (const part of [result.train, result.validation, result.test]) part.sort((a, b) => a - b);
  return result;
}

function fitEncodings(features: Column[], keep: number[], trainPositions: number[], file: string): InputEncoding[] {
  const encodings: InputEncoding[] = [];
  for (const f of features) {
    if (isNumericColumn(f)) {
      const { mean, std } = meanStd(trainPositions.map((p) => f.values[keep[p]!]!));
      if (std === 0) {
        throw new RegulaError('constant-feature', `Feature "${f.name}" is constant on the training rows of ${file} (every value is ${mean}); leave it out.`, {
          file,
          column: f.name,
        });
      }
      encodings.push({ name: f.name, source: f.name, kind: 'numeric', mean, std });
    } else {
      const categories = [...new Set(keep.map((row) => f.values[row]!))].sort();
      // Drop the first category as the reference level only matters for unregularized models;
      // with a penalty a full one-hot set is the usual, symmetric choice.
      for (const category of categories) {
        const { mean, std } = meanStd(trainPositions.map((p) => (f.values[keep[p]!] === category ? 1 : 0)));
        encodings.push({ name: `${f.name}=${category}`, source: f.name, kind: 'onehot', category, mean, std: std || 1 });
      }
    }
  }
  return encodings;
}

function buildSplit(encodings: InputEncoding[], byName: Map<string, Column>, keep: number[], positions: number[], labels: Float32Array): Split {
  const width = encodings.length;
  const x = new Float32Array(positions.length * width);
  const y = new Float32Array(positions.length);
  positions.forEach((p, r) => {
    const row = keep[p]!;
    y[r] = labels[p]!;
    encodings.forEach((e, j) => {
      const c = byName.get(e.source)!;
      const raw = isNumericColumn(c) ? c.values[row]! : c.values[row] === e.category ? 1 : 0;
      x[r * width + j] = (raw - e.mean) / e.std;
    });
  });
  return { x, y, rows: positions.length };
}

/** Population mean and standard deviation (ddof = 0, as scikit-learn's StandardScaler). */
export function meanStd(values: number[]): { mean: number; std: number } {
  let mean = 0;
  for (const v of values) mean += v;
  mean /= values.length || 1;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / (values.length || 1)) };
}
