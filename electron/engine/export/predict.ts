// Predictions for a new spreadsheet with a saved model package: the new file's columns are matched
// to the model's by name and encoded with the manifest fitted at training time.
import type * as tfTypes from '@tensorflow/tfjs';
import { RegulaError } from '../errors';
import { importTable } from '../data/importTable';
import { isNumericColumn, type Column, type Table } from '../data/table';
import { displayCell } from '../data/tablePage';
import { encodeRows } from '../prep/encoding';
import { convertColumn } from '../prep/typeOverrides';
import type { ColumnEncoding } from '../prep/manifest';
import type { UnmappedValue } from '../../../shared/domain';
import { isMissing } from '../prep/target';
import type { ModelPackage } from './loadModelPackage';

export type Cell = string | number | null;

export interface Predictions {
  header: string[];
  rows: Cell[][];
  predicted: number;
  /** Data rows (1-based) that could not be predicted, with why. */
  skipped: { row: number; reason: string }[];
  /** Cells the model's preprocessing could not map, by column and row (at most MAX_UNMAPPED listed). */
  unmapped: UnmappedValue[];
  unmappedCount: number;
}

const MAX_UNMAPPED = 1000;

/** `displayName` names the file in errors (an upload's own name, never a temporary path). */
export async function predictFile(tf: typeof tfTypes, pkg: ModelPackage, file: string, options: PredictFileOptions = {}): Promise<Predictions> {
  return collectPredictions(await planFile(tf, pkg, file, options));
}

export function predictTable(tf: typeof tfTypes, pkg: ModelPackage, table: Table, file: string): Predictions {
  return collectPredictions(planPredictions(tf, pkg, table, file));
}

export interface PredictFileOptions {
  sheet?: string;
  displayName?: string;
  /** The fraction of the file read so far (0…1), for large files. */
  onReadProgress?: (fraction: number) => void;
}

/**
 * What scoring a table will give, settled before any row is scored: the output's header, the rows
 * that will be predicted or skipped (and why), the values the model cannot map. `chunks()` then
 * scores the rows in order, a block at a time, so a writer can stream a large file's output
 * instead of holding every output row at once.
 */
export interface PredictionPlan extends Omit<Predictions, 'rows'> {
  rowCount: number;
  /** Index in the header of the first column the model adds (prediction, then probabilities). */
  firstOutputColumn: number;
  task: ModelPackage['manifest']['target']['task'];
  chunks(chunkRows?: number): Generator<Cell[][]>;
}

/** Rows per block: enough for the backend to batch well, few enough that a block is a few MB. */
export const PREDICT_CHUNK_ROWS = 10_000;

export async function planFile(tf: typeof tfTypes, pkg: ModelPackage, file: string, options: PredictFileOptions = {}): Promise<PredictionPlan> {
  // The training dataset's own missing markers (a chosen "-999", "None" kept as a category).
  const markers = pkg.manifest.missingMarkers;
  const { table } = await importTable(file, {
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(markers ? { missingMarkers: markers } : {}),
    ...(options.onReadProgress ? { onProgress: options.onReadProgress } : {}),
  });
  return planPredictions(tf, pkg, table, options.displayName ?? file);
}

function collectPredictions(plan: PredictionPlan): Predictions {
  const rows: Cell[][] = [];
  for (const chunk of plan.chunks()) for (const row of chunk) rows.push(row);
  const { header, predicted, skipped, unmapped, unmappedCount } = plan;
  return { header, rows, predicted, skipped, unmapped, unmappedCount };
}

export function planPredictions(tf: typeof tfTypes, pkg: ModelPackage, table: Table, file: string): PredictionPlan {
  const { manifest, model } = pkg;
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const unmapped: UnmappedValue[] = [];
  let unmappedCount = 0;
  const note = (value: UnmappedValue) => {
    unmappedCount++;
    if (unmapped.length < MAX_UNMAPPED) unmapped.push(value);
  };
  // Each column is read the way the model's preprocessing reads it, not as the new file's own
  // look suggests: codes 10/20/30 that were categories in training stay categories here.
  const unreadable = new Map<number, string>();
  for (const column of manifest.columns) {
    const found = byName.get(column.name);
    if (!found) throw new RegulaError('missing-column', `The model needs column "${column.name}", which ${file} does not have.`, { file, column: column.name });
    const asModel = asModelReadsIt(found, column, file);
    byName.set(column.name, asModel.column);
    for (const row of asModel.strayRows) {
      note({ column: column.name, row, value: asModel.strayText?.get(row - 1) ?? displayCell(found, row - 1) ?? '', reason: 'not a number' });
      unreadable.set(row - 1, `"${column.name}" is not a number`);
    }
  }
  const usable: number[] = [];
  const skipped: Predictions['skipped'] = [];
  for (let row = 0; row < table.rowCount; row++) {
    const unknown = unknownCategory(manifest.columns, byName, row);
    if (unknown) {
      note({ column: unknown.column, row: row + 1, value: unknown.value, reason: 'a category the model was not trained on' });
      skipped.push({ row: row + 1, reason: `"${unknown.column}" holds "${unknown.value}", a category the model was not trained on` });
      continue;
    }
    const stray = unreadable.get(row);
    const missing = manifest.columns.find((c) => c.missing === 'drop-rows' && isMissing(byName.get(c.name)!, row));
    if (missing) skipped.push({ row: row + 1, reason: stray ?? `"${missing.name}" is empty` });
    else usable.push(row);
  }

  const classes = manifest.target.classes;
  const extra = classes
    ? ['prediction', ...(classes.length === 2 ? [`probability_${classes[1]}`] : classes.map((c) => `probability_${c}`))]
    : ['prediction'];
  const header = [...table.columns.map((c) => c.name), ...extra.map((name) => (byName.has(name) ? `${name}_regula` : name))];

  function* chunks(chunkRows = PREDICT_CHUNK_ROWS): Generator<Cell[][]> {
    let next = 0; // the first usable row not yet scored
    for (let start = 0; start < table.rowCount; start += chunkRows) {
      const end = Math.min(table.rowCount, start + chunkRows);
      const from = next;
      while (next < usable.length && usable[next]! < end) next++;
      const scored = usable.slice(from, next);
      const x = encodeRows(byName, manifest.columns, manifest.inputs, scored);
      const outputs = scored.length ? scoreBlock(tf, model, x, scored.length, manifest.inputs.length) : new Float32Array(0);
      const width = scored.length ? outputs.length / scored.length : 0;
      // A model whose weights are finite but absurd (a tampered weights.bin) overflows float32 to
      // ±Infinity or NaN: that is a broken model, never a prediction to hand out with exit 0.
      const bad = outputs.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) {
        const row = (scored[Math.floor(bad / Math.max(1, width))] ?? 0) + 1;
        throw new RegulaError('bad-model', `The model gives ${outputs[bad]} for row ${row} of ${file}: its weights (weights.bin, as model.json lists them) cannot be a trained model's. Retrain or re-export it.`, { row });
      }
      const rows: Cell[][] = [];
      let i = 0;
      for (let row = start; row < end; row++) {
        const original = table.columns.map((c) => cellValue(c, row));
        if (scored[i] !== row) {
          rows.push([...original, ...extra.map(() => null)]);
          continue;
        }
        const out = Array.from(outputs.subarray(i * width, (i + 1) * width));
        i++;
        if (!classes) rows.push([...original, out[0]!]);
        else if (classes.length === 2) rows.push([...original, classes[out[0]! >= 0.5 ? 1 : 0]!, out[0]!]);
        else rows.push([...original, classes[out.indexOf(Math.max(...out))]!, ...out]);
      }
      yield rows;
    }
  }
  return {
    header,
    predicted: usable.length,
    skipped,
    unmapped,
    unmappedCount,
    rowCount: table.rowCount,
    firstOutputColumn: table.columns.length,
    task: manifest.target.task,
    chunks,
  };
}

/**
 * The model's outputs for one block. One batch per block: predict()'s default of 32 rows a batch
 * cost ten times the time in small ops and concatenation. The values are read outside tidy(),
 * which would otherwise walk every element of the returned array looking for tensors.
 */
function scoreBlock(tf: typeof tfTypes, model: ModelPackage['model'], x: Float32Array, rows: number, inputs: number): Float32Array | Int32Array | Uint8Array {
  const out = tf.tidy(() => model.predict(tf.tensor2d(x, [rows, inputs]), { batchSize: rows }) as tfTypes.Tensor);
  try {
    return out.dataSync();
  } finally {
    out.dispose();
  }
}

/** The new file's column in the type the model was trained on, with the rows that did not convert. */
function asModelReadsIt(found: Column, column: ColumnEncoding, file: string): { column: Column; strayRows: number[]; strayText?: Map<number, string> } {
  if (column.kind === 'category') return isNumericColumn(found) ? withStrayTexts(convertColumn(found, 'category').column, found) : { column: found, strayRows: [] };
  // Cells the reader could not read as numbers are missing in the column, but not "empty": report them.
  if (isNumericColumn(found)) return { column: found, strayRows: (found.strays ?? []).map((s) => s.index + 1), strayText: new Map((found.strays ?? []).map((s) => [s.index, s.text])) };
  try {
    return convertColumn(found, 'number');
  } catch {
    throw new RegulaError('column-type', `Column "${column.name}" in ${file} holds ${found.type} values, but the model was trained on numbers.`, { file, column: column.name });
  }
}

/** Codes read as numbers with a few words among them: the words are categories too (maybe unseen ones). */
function withStrayTexts(converted: Column, found: Column): { column: Column; strayRows: number[] } {
  if (!isNumericColumn(found) || !found.strays?.length || isNumericColumn(converted)) return { column: converted, strayRows: [] };
  const values = [...converted.values];
  for (const s of found.strays) values[s.index] = s.text.trim();
  return { column: { ...converted, values }, strayRows: [] };
}

/** The first category cell of a row that the model has no input for (no "other" input either). */
function unknownCategory(columns: ColumnEncoding[], byName: Map<string, Column>, row: number): { column: string; value: string } | undefined {
  for (const c of columns) {
    if (c.kind !== 'category' || c.hasOther) continue;
    const value = displayCell(byName.get(c.name)!, row);
    if (value !== null && !c.categories?.includes(value)) return { column: c.name, value };
  }
  return undefined;
}

function cellValue(c: Column, row: number): Cell {
  if (isNumericColumn(c) && (c.type === 'number' || c.type === 'integer')) {
    const v = c.values[row]!;
    return Number.isNaN(v) ? null : v;
  }
  return displayCell(c, row);
}
