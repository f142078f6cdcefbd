// The model form as the analyst fills it in, its checks, and the RunSpec it becomes. Pure functions
// so the rules are tested without a DOM; the engine validates the spec again and its word is final.
import type { ColumnInfo, DatasetSummary, RunSpecInput } from '../../../shared/domain';

export type RegularizerKind = 'none' | 'l1' | 'l2' | 'l1l2';
export type ModelKind = 'linear' | 'mlp';
export type TaskChoice = 'auto' | 'regression' | 'binary' | 'multiclass';
export type OptimizerKind = 'adam' | 'sgd' | 'rmsprop';
export type MissingChoice = 'drop-rows' | 'mean' | 'median' | 'most-frequent' | 'constant';
export type SolverChoice = 'auto' | 'fista' | 'gradient';
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'linear';

export interface RunForm {
  target: string;
  features: string[];
  task: TaskChoice;
  modelKind: ModelKind;
  /** Hidden layer sizes as typed, e.g. "64,32". */
  hiddenLayers: string;
  activation: ActivationName;
  regularizer: RegularizerKind;
  // Inputs bound with v-model.number give '' when emptied, hence number | string.
  lambda1: number | string;
  lambda2: number | string;
  epochs: number | string;
  batchSize: number | string;
  learningRate: number | string;
  optimizer: OptimizerKind;
  /** Linear models only: FISTA solves to optimality; gradient runs the epoch loop like a network. */
  solver: SolverChoice;
  /** What to do with missing feature values (fitted on training rows by the engine). */
  missing: MissingChoice;
  fillValue: number | string;
  seed: number | string;
  valSplit: number | string;
}

export type FormErrors = Partial<Record<keyof RunForm, string>>;

export function featureCandidates(columns: ColumnInfo[], target: string): ColumnInfo[] {
  return columns.filter((c) => c.name !== target);
}

/** The target defaults to the last column that is not excluded (spreadsheets tend to end with y). */
export function defaultForm(dataset: DatasetSummary | null): RunForm {
  const columns = dataset?.columns ?? [];
  const usable = columns.filter((c) => !c.excludedByDefault);
  const target = usable[usable.length - 1]?.name ?? columns[columns.length - 1]?.name ?? '';
  return {
    target,
    features: defaultFeatures(columns, target),
    task: 'auto',
    modelKind: 'linear',
    hiddenLayers: '64,32',
    activation: 'relu',
    regularizer: 'none',
    lambda1: 0.01,
    lambda2: 0.01,
    epochs: 100,
    batchSize: 32,
    learningRate: 0.01,
    optimizer: 'adam',
    solver: 'auto',
    missing: 'drop-rows',
    fillValue: 0,
    seed: 42,
    valSplit: 0.2,
  };
}

export function defaultFeatures(columns: ColumnInfo[], target: string): string[] {
  return featureCandidates(columns, target)
    .filter((c) => !c.excludedByDefault)
    .map((c) => c.name);
}

export function usesLambda1(kind: RegularizerKind): boolean {
  return kind === 'l1' || kind === 'l1l2';
}

export function usesLambda2(kind: RegularizerKind): boolean {
  return kind === 'l2' || kind === 'l1l2';
}

function asNumber(value: number | string): number {
  if (typeof value === 'number') return value;
  const trimmed = value.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

export function parseHiddenLayers(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const sizes = parts.map(Number);
  return sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= 4096) ? sizes : null;
}

export function validateForm(form: RunForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.target) errors.target = 'Choose the column to predict.';
  if (form.features.filter((f) => f !== form.target).length === 0) errors.features = 'Choose at least one feature.';
  if (form.modelKind === 'mlp' && parseHiddenLayers(form.hiddenLayers) === null) {
    errors.hiddenLayers = 'Give layer sizes as whole numbers from 1 to 4096, e.g. 64,32.';
  }
  const lambdaCheck = (value: number | string): string | undefined => {
    const n = asNumber(value);
    if (!Number.isFinite(n)) return 'Enter a number.';
    if (n < 0) return 'λ must be ≥ 0.';
    return undefined;
  };
  if (usesLambda1(form.regularizer)) {
    const msg = lambdaCheck(form.lambda1);
    if (msg) errors.lambda1 = msg;
  }
  if (usesLambda2(form.regularizer)) {
    const msg = lambdaCheck(form.lambda2);
    if (msg) errors.lambda2 = msg;
  }
  const epochs = asNumber(form.epochs);
  if (!Number.isInteger(epochs) || epochs <= 0) errors.epochs = 'Epochs must be a whole number ≥ 1.';
  const batch = asNumber(form.batchSize);
  if (!Number.isInteger(batch) || batch <= 0) errors.batchSize = 'Batch size must be a whole number ≥ 1.';
  const lr = asNumber(form.learningRate);
  if (!Number.isFinite(lr) || lr <= 0) errors.learningRate = 'Learning rate must be > 0.';
  const seed = asNumber(form.seed);
  if (!Number.isInteger(seed) || seed < 0) errors.seed = 'Seed must be a whole number ≥ 0.';
  if (form.missing === 'constant' && !Number.isFinite(asNumber(form.fillValue))) errors.fillValue = 'Enter the number to fill in.';
  const val = asNumber(form.valSplit);
  if (!Number.isFinite(val) || val < 0 || val > 0.9) errors.valSplit = 'Validation share must be between 0 and 0.9.';
  return errors;
}

/** Builds the spec from a form that passed validateForm. */
export function buildRunSpec(form: RunForm, datasetId: string): RunSpecInput {
  const regularizer: RunSpecInput['regularizer'] =
    form.regularizer === 'l1'
      ? { kind: 'l1', l1: asNumber(form.lambda1) }
      : form.regularizer === 'l2'
        ? { kind: 'l2', l2: asNumber(form.lambda2) }
        : form.regularizer === 'l1l2'
          ? { kind: 'l1l2', l1: asNumber(form.lambda1), l2: asNumber(form.lambda2) }
          : { kind: 'none' };
  const model: RunSpecInput['model'] =
    form.modelKind === 'mlp'
      ? {
          kind: 'mlp',
          layers: (parseHiddenLayers(form.hiddenLayers) ?? []).map((units) => ({ units, activation: form.activation })),
        }
      : { kind: 'linear' };
  return {
    datasetId,
    target: form.target,
    features: form.features.filter((f) => f !== form.target),
    task: form.task,
    model,
    regularizer,
    optimizer: { kind: form.optimizer, learningRate: asNumber(form.learningRate) },
    epochs: asNumber(form.epochs),
    batchSize: asNumber(form.batchSize),
    valSplit: asNumber(form.valSplit),
    seed: asNumber(form.seed),
    solver: form.modelKind === 'linear' ? form.solver : 'auto',
    preprocessing: {
      missing: form.missing,
      ...(form.missing === 'constant' ? { fillValue: asNumber(form.fillValue) } : {}),
    },
  };
}

export function describeRegularizer(reg: RunSpecInput['regularizer']): string {
  if (!reg || reg.kind === 'none') return 'no penalty';
  if (reg.kind === 'l1') return `L1 λ=${reg.l1}`;
  if (reg.kind === 'l2') return `L2 λ=${reg.l2}`;
  return `L1 λ=${reg.l1} · L2 λ=${reg.l2}`;
}

export function describeModel(model: RunSpecInput['model']): string {
  if (!model || model.kind === 'linear') return 'Linear';
  return `MLP ${model.layers.map((l) => l.units).join('×')}`;
}
