// Domain types both the engine and the renderer use. Every type is derived from a zod schema so
// that whatever crosses a boundary (IPC, WebSocket, worker, files on disk) is parsed, not trusted.
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

// ---------------------------------------------------------------------------------------------
// Datasets
export const ColumnType = z.enum(['number', 'integer', 'boolean', 'category', 'date', 'text', 'id']);
export type ColumnType = z.infer<typeof ColumnType>;

export const CategoryCount = z.object({ value: z.string(), count: z.number().int() });

export const ColumnInfo = z.object({
  name: z.string(),
  type: ColumnType,
  missing: z.number().int(),
  unique: z.number().int(),
  min: z.number().optional(),
  max: z.number().optional(),
  mean: z.number().optional(),
  std: z.number().optional(),
  top: z.array(CategoryCount).optional(),
  // 1-based data row numbers (as the analyst sees them in the file) of cells that did not parse
  // as the column's type and were treated as missing.
  strayRows: z.array(z.number().int()).optional(),
  // Identifier-like and text columns are not offered as features by default.
  excludedByDefault: z.boolean().optional(),
  // Why the column is not ticked by default (constant, identifier-like, free text, all missing).
  exclusion: z.lazy(() => ColumnExclusion).optional(),
  // The cell texts read as "missing" in this column (markers in force after any per-column change).
  missingMarkers: z.array(z.string()).optional(),
});
export type ColumnInfo = z.infer<typeof ColumnInfo>;

export const DetectedFormat = z.object({
  format: z.enum(['csv', 'xlsx', 'xls', 'ods', 'json']),
  encoding: z.string().optional(),
  delimiter: z.string().optional(),
  decimal: z.enum(['.', ',']).optional(),
  thousands: z.string().optional(),
  headerRow: z.number().int(), // 1-based line/row of the header in the source
  sheet: z.string().optional(),
  sheets: z.array(z.string()).optional(),
});
export type DetectedFormat = z.infer<typeof DetectedFormat>;

export const DatasetSummary = z.object({
  id: z.string(),
  name: z.string(),
  sourceFile: z.string(), // file name as imported (no directory)
  importedAt: z.string(),
  rows: z.number().int(),
  columns: z.array(ColumnInfo),
  detected: DetectedFormat,
  warnings: z.array(z.string()).default([]),
  sha256: z.string().optional(), // of the source file, to recognise a re-import of the same file
  // Column types the analyst changed after import; applied whenever the table is loaded.
  typeOverrides: z.record(z.string(), ColumnType).optional(),
  // The importer's own description of each overridden column, to restore when it is undone.
  importedColumns: z.record(z.string(), ColumnInfo).optional(),
  // Versions: re-parsing or a new sheet makes a new version (a new id) that replaces this one in
  // the project; `lineage` is the id of version 1, `previousVersions` the ids it replaced (oldest
  // first). Runs keep `spec.datasetId` = the exact version they trained on.
  lineage: z.string().optional(),
  version: z.number().int().min(1).optional(),
  previousVersions: z.array(z.string()).optional(),
  // Missing markers asked for at import (absent = defaults); per-column changes live on the columns.
  missingMarkers: z.lazy(() => MissingMarkerSettings).optional(),
  // A column to offer as the target by default (never a constant or identifier-like column).
  defaultTarget: z.string().optional(),
  note: z.string().optional(),
  tags: z.array(z.string()).optional(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

// A window of rows for the preview table; cells are display strings, null = missing.
export const TablePage = z.object({
  offset: z.number().int(),
  rows: z.array(z.array(z.string().nullable())),
  total: z.number().int(),
});
export type TablePage = z.infer<typeof TablePage>;

// ---------------------------------------------------------------------------------------------
// Models and runs
export const Task = z.enum(['regression', 'binary', 'multiclass']);
export type Task = z.infer<typeof Task>;

const lambda = z.number().finite().min(0, 'λ must be ≥ 0').max(1e6, 'λ must be ≤ 1e6');

// Keras meaning: penalty = l1·Σ|w| + l2·Σw² added to the loss of every batch.
export const Regularizer = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('l1'), l1: lambda }),
  z.object({ kind: z.literal('l2'), l2: lambda }),
  z.object({ kind: z.literal('l1l2'), l1: lambda, l2: lambda }),
]);
export type Regularizer = z.infer<typeof Regularizer>;

export const Activation = z.enum(['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear']);

export const DenseLayerSpec = z.object({
  units: z.number().int().min(1).max(4096),
  activation: Activation.default('relu'),
  dropout: z.number().min(0).max(0.95).default(0),
  // When absent, the run-level regularizer applies to the kernel.
  kernelRegularizer: Regularizer.optional(),
  biasRegularizer: Regularizer.optional(),
  activityRegularizer: Regularizer.optional(),
});
export type DenseLayerSpec = z.infer<typeof DenseLayerSpec>;

export const ModelSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linear') }),
  z.object({ kind: z.literal('mlp'), layers: z.array(DenseLayerSpec).min(1).max(16) }),
]);
export type ModelSpec = z.infer<typeof ModelSpec>;

export const OptimizerSpec = z.object({
  kind: z.enum(['adam', 'sgd', 'rmsprop']).default('adam'),
  learningRate: z.number().positive('learning rate must be > 0').max(10).default(0.01),
  momentum: z.number().min(0).max(1).default(0),
});

// How missing feature values are handled; statistics are fitted on the training rows only.
// For category columns, mean/median fall back to the most frequent category.
export const MissingStrategy = z.enum(['drop-rows', 'mean', 'median', 'most-frequent', 'constant']);
export type MissingStrategy = z.infer<typeof MissingStrategy>;

export const Preprocessing = z.object({
  missing: MissingStrategy.default('drop-rows'),
  fillValue: z.number().finite().default(0), // used by 'constant' for number columns
  perFeature: z.record(z.string(), z.object({ missing: MissingStrategy, fillValue: z.number().finite().optional() })).default({}),
  // One-hot encoding keeps this many most frequent categories; the rest share an "other" input.
  maxCategories: z.number().int().min(1).max(200).default(20),
});
export type Preprocessing = z.infer<typeof Preprocessing>;

export const RunSpec = z.object({
  datasetId: z.string().min(1),
  target: z.string().min(1),
  features: z.array(z.string()).min(1, 'choose at least one feature'),
  task: z.enum(['auto', 'regression', 'binary', 'multiclass']).default('auto'),
  model: ModelSpec.default({ kind: 'linear' }),
  regularizer: Regularizer.default({ kind: 'none' }),
  optimizer: OptimizerSpec.default({ kind: 'adam', learningRate: 0.01, momentum: 0 }),
  epochs: z.number().int().min(1, 'epochs must be ≥ 1').max(100_000),
  batchSize: z.number().int().min(1, 'batch size must be ≥ 1').max(1_000_000).default(32),
  valSplit: z.number().min(0).max(0.9).default(0.2),
  testSplit: z.number().min(0).max(0.9).default(0),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  // Soft-threshold after each step so L1 gives exact zeros (see train/proximal).
  proximalL1: z.boolean().default(true),
  earlyStoppingPatience: z.number().int().min(0).default(0), // 0 = off
  solver: z.enum(['auto', 'fista', 'gradient']).default('auto'),
  // Regression data loss (Keras names); absent = mean squared error. Ignored for classification.
  loss: z.enum(['mse', 'mae', 'huber']).optional(),
  preprocessing: Preprocessing.default({ missing: 'drop-rows', fillValue: 0, perFeature: {}, maxCategories: 20 }),
  // A run that diverges still ends failed; with this on, the model from its last epoch with a
  // finite, not blown-up loss is saved beside the failure (absent = false: nothing is saved).
  keepLastGoodWeights: z.boolean().optional(),
});
export type RunSpec = z.infer<typeof RunSpec>;
export type RunSpecInput = z.input<typeof RunSpec>;

// 'interrupted': the process that ran it ended without finishing it (killed, crashed, power cut);
// set when the project is next opened, with the last epoch or point that reached the disk.
export const RunStatus = z.enum(['running', 'completed', 'failed', 'cancelled', 'interrupted']);
export type RunStatus = z.infer<typeof RunStatus>;

// Final metrics of one split: regression → mse, rmse, mae, r2; classification → loss, accuracy, …
export const SplitMetrics = z.record(z.string(), z.number().nullable());
export type SplitMetrics = z.infer<typeof SplitMetrics>;

export const SplitMetricsSet = z.object({ train: SplitMetrics, validation: SplitMetrics, test: SplitMetrics.optional() });
export type SplitMetricsSet = z.infer<typeof SplitMetricsSet>;

// The objective on the training rows: mean data loss, the penalty, and their sum.
export const LossBreakdown = z.object({ data: z.number(), penalty: z.number(), total: z.number() });

export const EpochMetrics = z.object({
  epoch: z.number().int(), // 1-based
  loss: z.number(),
  valLoss: z.number().optional(),
  metrics: z.record(z.string(), z.number()).optional(),
  epochMs: z.number(),
  // The objective split into its parts (`loss`/`valLoss` above are the totals Keras reports).
  lossParts: z.lazy(() => LossBreakdown).optional(),
  valLossParts: z.lazy(() => LossBreakdown).optional(),
  // 'iteration' for the exact linear solver (one full-batch step), 'epoch' for gradient training.
  unit: z.enum(['epoch', 'iteration']).optional(),
});
export type EpochMetrics = z.infer<typeof EpochMetrics>;

export const FeatureScaling = z.object({ name: z.string(), mean: z.number(), std: z.number() });
export type FeatureScaling = z.infer<typeof FeatureScaling>;

export const Coefficient = z.object({ feature: z.string(), value: z.number(), valueOriginal: z.number().optional(), class: z.string().optional() });

// Rows = true class, columns = predicted class, in the order of `classes`.
export const Confusion = z.object({
  train: z.array(z.array(z.number())),
  validation: z.array(z.array(z.number())),
  test: z.array(z.array(z.number())).optional(),
});

// The process that runs a job or holds a project's lock: the start time tells it from a new
// process that was given the same pid later.
export const ProcessOwner = z.object({
  pid: z.number().int(),
  host: z.string(),
  startedAt: z.string(),
  startTicks: z.number().int().optional(), // Linux: start time in clock ticks since boot, exact
});
export type ProcessOwner = z.infer<typeof ProcessOwner>;

// What every training job's record holds (a run, or a sweep of runs over λ).
const JobRecord = z.object({
  schemaVersion: z.number().int(),
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  status: RunStatus,
  backend: z.string().optional(),
  task: Task.optional(),
  classes: z.array(z.string()).optional(),
  features: z.array(FeatureScaling).optional(),
  owner: ProcessOwner.optional(), // while running: recovery on open marks it interrupted once this process is gone
});

export const RunRecord = JobRecord.extend({
  spec: RunSpec,
  epochsRun: z.number().int().default(0),
  stopReason: z.string().optional(),
  error: z.string().optional(),
  metrics: SplitMetricsSet.optional(),
  loss: LossBreakdown.optional(),
  sparsity: z.object({ weights: z.number().int(), zeros: z.number().int() }).optional(),
  coefficients: z.array(Coefficient).optional(),
  intercept: z.union([z.number(), z.array(z.number())]).optional(),
  interceptOriginal: z.number().optional(), // in the target's units for the original columns
  confusion: Confusion.optional(),
  solver: z.string().optional(),
  modelDir: z.string().optional(), // relative to the project folder
  note: z.string().optional(),
  tags: z.array(z.string()).optional(),
  dataset: z.lazy(() => DatasetVersionRef).optional(), // the exact dataset version trained on
  rows: z.lazy(() => RowAccounting).optional(),
  positiveClass: z.string().optional(), // binary: the class precision/recall/f1/auc are about
  averaging: z.enum(['binary', 'macro']).optional(), // how precision/recall/f1 combine classes
  coefficientsByClass: z.lazy(() => z.array(ClassCoefficients)).optional(), // multiclass linear
  progressUnit: z.enum(['epoch', 'iteration']).optional(),
  // The last checkpoint saved (weights + optimizer state at an epoch's end): such a run can be
  // resumed from there when interrupted, cancelled or failed. Gradient-loop runs only.
  checkpoint: z.object({ epoch: z.number().int(), savedAt: z.string() }).optional(),
  // The epochs this run was resumed from, in order (absent when it never was).
  resumedFrom: z.array(z.number().int()).optional(),
  // A diverged run (status failed): the epoch it diverged in, and — only when the spec asked to keep
  // the last good weights — the epoch whose weights the saved model holds.
  divergedAt: z.number().int().optional(),
  savedWeightsFrom: z.number().int().optional(),
});
export type RunRecord = z.infer<typeof RunRecord>;

// ---------------------------------------------------------------------------------------------
// Projects
export const ProjectSummary = z.object({
  name: z.string(),
  path: z.string(), // handed out by the engine or a dialog, never typed by the renderer
  datasets: z.array(DatasetSummary),
  // Records that could not be read (corrupt, newer schema), each named; the rest of the project opens.
  problems: z.array(z.object({ file: z.string(), code: z.string(), message: z.string() })).optional(),
  // What opening repaired: a lock taken over from a process that died, runs marked interrupted.
  notices: z.array(z.string()).optional(),
  note: z.string().optional(),
  tags: z.array(z.string()).optional(),
});
export type ProjectSummary = z.infer<typeof ProjectSummary>;

export const RecentProject = z.object({ name: z.string(), path: z.string(), openedAt: z.string() });
export type RecentProject = z.infer<typeof RecentProject>;

/** An error the user can read: names the file/row/column/setting it is about. */
export const UserError = z.object({
  code: z.string(),
  message: z.string(),
  file: z.string().optional(),
  row: z.number().int().optional(),
  column: z.string().optional(),
});
export type UserError = z.infer<typeof UserError>;

// ---------------------------------------------------------------------------------------------
// Regularization paths (λ sweeps): one model per λ on a log-spaced grid, largest λ first, each
// warm-started from the previous one; optional k-fold cross-validation (glmnet's λmin / λ1se).
export const SweepSpec = z.object({
  base: RunSpec, // its regularizer is replaced by the grid's
  reg: z.enum(['l1', 'l2', 'l1l2']),
  // Omit from/to for a grid derived from the data: λmax (all coefficients zero) down to λmax·1e-3.
  from: z.number().positive().max(1e6).optional(),
  to: z.number().positive().max(1e6).optional(),
  steps: z.number().int().min(1).max(200),
  l1Ratio: z.number().gt(0).max(1).optional(), // l1l2: λ1 = r·λ, λ2 = (1 − r)·λ
  folds: z.number().int().min(2).max(20).optional(),
});
export type SweepSpec = z.infer<typeof SweepSpec>;
export type SweepSpecInput = z.input<typeof SweepSpec>;

export const NamedCoefficient = z.object({ feature: z.string(), value: z.number() });

export const SweepPoint = z.object({
  lambda: z.number(),
  lambda1: z.number(),
  lambda2: z.number(),
  metrics: SplitMetricsSet,
  // A part is null only in a diverged point, where it is not a finite number (JSON has no NaN).
  loss: z.object({ data: z.number().nullable(), penalty: z.number().nullable(), total: z.number().nullable() }),
  weights: z.number().int(),
  zeros: z.number().int(),
  coefficients: z.union([z.array(NamedCoefficient), z.array(z.array(NamedCoefficient))]).optional(),
  intercept: z.union([z.number(), z.array(z.number())]).optional(),
  cv: z.object({ mean: z.number(), se: z.number() }).optional(),
  coefficientsByClass: z.lazy(() => z.array(ClassCoefficients)).optional(), // multiclass linear
  // Set when this λ's fit (or one of its CV folds) diverged: the reason. Such a point has no scores,
  // no coefficients and no cv, and is never λmin, λ1se or the chosen λ.
  diverged: z.string().optional(),
});
export type SweepPoint = z.infer<typeof SweepPoint>;

export const SweepRecord = JobRecord.extend({
  spec: SweepSpec,
  solver: z.string().optional(),
  points: z.array(SweepPoint),
  cvMetric: z.enum(['mse', 'loss']).optional(),
  lambdaMin: z.number().optional(),
  lambda1se: z.number().optional(),
  chosen: z.object({ lambda: z.number(), rule: z.string() }).optional(),
  error: z.string().optional(),
  note: z.string().optional(),
  tags: z.array(z.string()).optional(),
  dataset: z.lazy(() => DatasetVersionRef).optional(),
  grid: z.lazy(() => SweepGrid).optional(),
  // CV mean ± standard error at λmin and at λ1se (the same numbers as those points' `cv`).
  cvAtMin: z.object({ mean: z.number(), se: z.number() }).optional(),
  cvAt1se: z.object({ mean: z.number(), se: z.number() }).optional(),
  // Set when λmin is the largest or the smallest λ of the grid: widen the grid that way.
  edge: z.enum(['largest', 'smallest']).optional(),
  warnings: z.array(z.string()).optional(),
  rows: z.lazy(() => RowAccounting).optional(),
});
export type SweepRecord = z.infer<typeof SweepRecord>;

// ---------------------------------------------------------------------------------------------
// Managing the lab (issue 9): names, notes, tags, a project trash; dataset versions; row counts.
export const ItemKind = z.enum(['run', 'dataset', 'sweep', 'project']);
export type ItemKind = z.infer<typeof ItemKind>;

export const Tag = z.string().trim().min(1, 'a tag cannot be empty').max(60, 'a tag is at most 60 characters');

/** Name, note and tags of one run, dataset, sweep or the open project (id = its path). */
export const ItemInfo = z.object({
  kind: ItemKind,
  id: z.string(),
  name: z.string(),
  note: z.string().optional(),
  tags: z.array(z.string()),
});
export type ItemInfo = z.infer<typeof ItemInfo>;

/** One thing a delete moved to the project's trash. */
export const TrashedItem = z.object({ kind: ItemKind, id: z.string(), name: z.string() });
export type TrashedItem = z.infer<typeof TrashedItem>;

/** One delete, undoable with `item:restore { trashId }` until the trash is emptied. */
export const TrashEntry = z.object({
  trashId: z.string(),
  deletedAt: z.string(),
  // The item asked for first, then what went with it (a dataset's runs and sweeps when asked).
  items: z.array(TrashedItem),
});
export type TrashEntry = z.infer<typeof TrashEntry>;

/** The exact dataset version a run or sweep trained on. */
export const DatasetVersionRef = z.object({
  id: z.string(),
  lineage: z.string(),
  version: z.number().int(),
  name: z.string(),
  sha256: z.string().optional(), // of the source file
  typeOverrides: z.record(z.string(), ColumnType).optional(),
});
export type DatasetVersionRef = z.infer<typeof DatasetVersionRef>;

/** Where the dataset's rows went: used for training, dropped, and the size of each split. */
export const RowAccounting = z.object({
  total: z.number().int(), // rows in the dataset
  used: z.number().int(), // rows that entered the split (train + validation + test)
  droppedMissingTarget: z.number().int(), // target cell missing
  droppedMissingFeatures: z.number().int(), // a feature cell missing with the 'drop-rows' strategy
  train: z.number().int(),
  validation: z.number().int(),
  test: z.number().int(),
});
export type RowAccounting = z.infer<typeof RowAccounting>;

export const ColumnExclusion = z.object({
  reason: z.enum(['constant', 'identifier', 'text', 'all-missing']),
  message: z.string(), // in the analyst's words, e.g. "every row holds 1"
});
export type ColumnExclusion = z.infer<typeof ColumnExclusion>;

/** Missing-value markers for an import: the default list, or one the analyst chose, per column too. */
export const MissingMarkerSettings = z.object({
  // Replaces the default list for every column when present ('' = an empty cell always counts).
  markers: z.array(z.string().max(100)).max(100).optional(),
  // Per-column lists override `markers` for that column.
  perColumn: z.record(z.string(), z.array(z.string().max(100)).max(100)).optional(),
});
export type MissingMarkerSettings = z.infer<typeof MissingMarkerSettings>;

/** One class's coefficients of a multiclass linear model (standardized space, like `coefficients`). */
export const ClassCoefficients = z.object({
  class: z.string(),
  coefficients: z.array(Coefficient),
  intercept: z.number().optional(),
});
export type ClassCoefficients = z.infer<typeof ClassCoefficients>;

/** How a sweep's λ grid was chosen: from the spec, or from the data (λmax down to λmax·ratio). */
export const SweepGrid = z.object({
  source: z.enum(['spec', 'data']),
  from: z.number(),
  to: z.number(),
  steps: z.number().int(),
  lambdaMax: z.number().optional(), // smallest λ that zeroes every coefficient (L1 part of the objective)
});
export type SweepGrid = z.infer<typeof SweepGrid>;

/** A value in a predict file that the model's preprocessing cannot map (unknown category, not a number). */
export const UnmappedValue = z.object({
  column: z.string(),
  row: z.number().int(), // 1-based data row, as the analyst sees it
  value: z.string(),
  reason: z.string(),
});
export type UnmappedValue = z.infer<typeof UnmappedValue>;
