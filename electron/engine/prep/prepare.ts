// Turns a stored table and a run spec into standardized float32 matrices for training: usable
// rows, a seeded (stratified) split, and feature encodings fitted on the training rows only, so
// validation and test rows never leak into imputation or scaling.
import { SCHEMA_VERSION, type RunSpec, type Task } from '../../../shared/domain';
import { RegulaError } from '../errors';
import type { Column, Table } from '../data/table';
import type { PreparedData, Split } from '../train/types';
import { encodeRows, fitEncodings, usableRows } from './encoding';
import type { PrepManifest } from './manifest';
import { splitRows } from './split';
import { encodeTarget } from './target';

export interface Prepared {
  data: PreparedData;
  manifest: PrepManifest;
}

/**
 * Bytes a model-input cell costs while training: the float32 matrix, its tensor copy, a float64
 * copy for the linear solver and batch/gradient scratch. An estimate, checked before allocating,
 * because a worker's heap limit does not cover typed arrays or tensor memory.
 */
export const BYTES_PER_INPUT_CELL = 24;

/**
 * `tick` is called between phases and once per feature and input: preparing a million rows blocks
 * a worker's event loop for seconds (more on a loaded machine), so its timer heartbeats stop and the
 * parent's watchdog would take a busy worker for a hung one.
 */
export function prepareData(table: Table, spec: RunSpec, task: Task, file = 'the dataset', budgetBytes = Infinity, tick: () => void = () => {}): Prepared {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const column = (name: string): Column => {
    const c = byName.get(name);
    if (!c) throw new RegulaError('unknown-column', `Column "${name}" is not in ${file}.`, { file, column: name });
    return c;
  };
  const target = column(spec.target);
  const features = spec.features.map(column);

  const keep = usableRows(table.rowCount, target, features, spec.preprocessing, file);
  if (keep.length < 2) {
    throw new RegulaError('no-rows', `Only ${keep.length} row(s) of ${file} have a target value and every chosen feature; choose another missing-value rule or other features.`, { file });
  }
  tick();
  const { labels, classes } = encodeTarget(target, keep, task, file);
  tick();
  const split = splitRows(keep.length, classes ? labels : undefined, spec);
  tick();
  const rowsOf = (positions: number[]): number[] => {
    const rows = new Array<number>(positions.length);
    for (let k = 0; k < positions.length; k++) rows[k] = keep[positions[k]!]!;
    return rows;
  };
  const { columns, inputs } = fitEncodings(features, spec.preprocessing, rowsOf(split.train), file, tick);

  const needed = keep.length * inputs.length * BYTES_PER_INPUT_CELL;
  if (needed > budgetBytes) {
    throw new RegulaError(
      'too-large',
      `Training on ${file} would need about ${gib(needed)} for ${keep.length.toLocaleString('en')} rows × ${inputs.length} model inputs, more than the ${gib(budgetBytes)} this backend can hold. Use fewer rows or features, cap the one-hot categories, or install the native backend.`,
      { file },
    );
  }

  const build = (positions: number[]): Split => ({
    x: encodeRows(byName, columns, inputs, rowsOf(positions), tick),
    y: gather(labels, positions),
    rows: positions.length,
  });

  const data: PreparedData = {
    task,
    featureNames: inputs.map((e) => e.name),
    ...(classes ? { classes } : {}),
    train: build(split.train),
    validation: build(split.validation),
    ...(split.test.length ? { test: build(split.test) } : {}),
  };
  const manifest: PrepManifest = {
    schemaVersion: SCHEMA_VERSION,
    target: { name: target.name, task, ...(classes ? { classes } : {}) },
    columns,
    inputs,
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

function gather(labels: Float32Array, positions: number[]): Float32Array {
  const y = new Float32Array(positions.length);
  for (let k = 0; k < positions.length; k++) y[k] = labels[positions[k]!]!;
  return y;
}

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}
