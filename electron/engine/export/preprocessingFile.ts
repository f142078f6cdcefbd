// preprocessing.json in an exported package: everything another tool needs to turn a raw row
// into the model's input, in a documented, versioned form (not the engine's internal manifest,
// whose shape may change between Regula versions).
import { DEFAULT_MISSING_MARKERS, markersFor } from '../data/missingMarkers';
import type { PrepManifest } from '../prep/manifest';

export const PREPROCESSING_FORMAT = 'regula.preprocessing';
/**
 * 2 added `missingMarkers`. Bumped rather than left optional so that a Regula reading only
 * version 1 refuses a version-2 file instead of silently reading "-999" or a "None" category
 * with the default markers (predictions that differ from the run's, with exit 0).
 */
export const PREPROCESSING_SCHEMA_VERSION = 2;

export interface ExportedPreprocessing {
  format: typeof PREPROCESSING_FORMAT;
  schemaVersion: number;
  target: { name: string; task: string; classes: string[] | null; positiveClass: string | null };
  columns: {
    name: string;
    type: 'numeric' | 'category';
    missing: { rule: 'drop-row' } | { rule: 'fill'; value: number | string; fittedBy: string };
    categories?: string[];
    unseenCategory?: 'other' | 'all-zero';
  }[];
  inputs: { index: number; name: string; source: string; kind: 'numeric' | 'onehot'; category?: string; other?: boolean; mean: number; std: number }[];
  /**
   * Which cell texts mean "no value" (step 0). `perColumn` lists, for the model's columns (and the
   * target) the training file was read with other than the defaults, the exact list in force — a
   * chosen "-999", or the defaults without "none" where "None" was a category. Other columns use
   * `default`. Compared trimmed and case-insensitively; an empty cell is always missing.
   */
  missingMarkers: { default: string[]; perColumn: Record<string, string[]> };
  steps: string[];
  /** Where the fitted values come from (training rows only); lets an import rebuild the manifest. */
  training: { rows: PrepManifest['rows']; seed: number };
  modelInputs: Record<string, string>;
  outputs: Record<string, string>;
}

export function exportedPreprocessing(manifest: PrepManifest): ExportedPreprocessing {
  const { target } = manifest;
  const classes = target.classes ?? null;
  return {
    format: PREPROCESSING_FORMAT,
    schemaVersion: PREPROCESSING_SCHEMA_VERSION,
    target: { name: target.name, task: target.task, classes, positiveClass: target.task === 'binary' && classes ? classes[1]! : null },
    columns: manifest.columns.map((c) => ({
      name: c.name,
      type: c.kind,
      missing: c.fill === undefined ? { rule: 'drop-row' as const } : { rule: 'fill' as const, value: c.fill, fittedBy: c.missing },
      ...(c.kind === 'category' ? { categories: c.categories ?? [], unseenCategory: c.hasOther ? ('other' as const) : ('all-zero' as const) } : {}),
    })),
    inputs: manifest.inputs.map((i, index) => ({
      index,
      name: i.name,
      source: i.source,
      kind: i.kind,
      ...(i.category !== undefined ? { category: i.category } : {}),
      ...(i.other ? { other: true } : {}),
      mean: i.mean,
      std: i.std,
    })),
    missingMarkers: { default: [...DEFAULT_MISSING_MARKERS], perColumn: markersPerColumn(manifest) },
    steps: [
      '0. A cell is missing when it is empty or its text, trimmed and lower-cased, is in missingMarkers.perColumn[column] when the column is listed there (then nothing else counts as missing: "None" is a category, "-999" a missing value, as in training), else in missingMarkers.default (where "none" counts as a category in a text column that holds other values). A missing cell goes to step 1, never into the model as text or as the number -999.',
      '1. Missing cell: rule "drop-row" → the row cannot be scored; rule "fill" → use value (fitted on the training rows).',
      '2. Numeric input = the column\'s number. One-hot input = 1 if the cell equals category (exact, case-sensitive), else 0; the "other" input = 1 for a present value outside categories; with unseenCategory "all-zero" such a value sets every one-hot input of the column to 0.',
      '3. Standardize every input, one-hot ones included: (x − mean) / std, in the order of inputs.',
    ],
    training: { rows: manifest.rows, seed: manifest.seed },
    modelInputs: {
      tfjs: 'standardized inputs (steps 1–3)',
      keras: 'raw inputs (steps 1–2); the first layer, a Normalization layer named "standardize", does step 3',
      onnx: 'raw inputs (steps 1–2) as float32 tensor "features" [rows, inputs]; step 3 is inside the graph',
      xlsx: 'raw cells pasted into the Score sheet; the formulas do steps 1–3',
    },
    outputs:
      target.task === 'regression'
        ? { prediction: `the predicted ${target.name}` }
        : target.task === 'binary'
          ? { probability: `P(${target.name} = ${classes![1]}), predicted class ${classes![1]} when ≥ 0.5, else ${classes![0]}` }
          : { probabilities: `one probability per class, in the order of target.classes (${classes!.join(', ')})` },
  };
}

/**
 * The run's marker settings spelled out per column, so another tool (and an import) needs no
 * Regula code to know them: a general list in the settings is expanded to every column it covers.
 */
function markersPerColumn(manifest: PrepManifest): Record<string, string[]> {
  const settings = manifest.missingMarkers;
  const perColumn: Record<string, string[]> = {};
  if (!settings) return perColumn;
  const names = [...new Set([...manifest.columns.map((c) => c.name), manifest.target.name, ...Object.keys(settings.perColumn ?? {})])];
  for (const name of names) {
    const markers = markersFor(settings, name);
    if (markers.custom) perColumn[name] = [...markers.list];
  }
  return perColumn;
}
