// The model form as the analyst fills it in, its checks, and the RunSpec it becomes. Pure functions
// so the rules are tested without a DOM. Every limit and choice comes from the contract's schemas
// (shared/domain), and a filled-in form is checked by parsing the spec it becomes with RunSpec, so
// the form accepts exactly what the engine accepts.
import type { ZodError } from 'zod';
import { Activation, DenseLayerSpec, MissingStrategy, OptimizerSpec, Regularizer, RunSpec, type ColumnInfo, type DatasetSummary, type RunSpecInput } from '../../../shared/domain';
import { describeRule, enumValues, numberRule, obeys, type NumberRule } from '../../../shared/formRules';

export type RegularizerKind = 'none' | 'l1' | 'l2' | 'l1l2';
export type ModelKind = 'linear' | 'mlp';
export type TaskChoice = RunSpecInput['task'] & string;
export type OptimizerKind = 'adam' | 'sgd' | 'rmsprop';
export type MissingChoice = 'drop-rows' | 'mean' | 'median' | 'most-frequent' | 'constant';
export type SolverChoice = 'auto' | 'fista' | 'gradient';
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'linear';

/** The choices each select offers, in the schema's order. */
export const CHOICES = {
  task: enumValues<TaskChoice>(RunSpec.shape.task),
  activation: enumValues<ActivationName>(Activation),
  optimizer: enumValues<OptimizerKind>(OptimizerSpec.shape.kind),
  missing: enumValues<MissingChoice>(MissingStrategy),
  solver: enumValues<SolverChoice>(RunSpec.shape.solver),
  regularizer: Regularizer.options.map((o) => o.shape.kind.value) as RegularizerKind[],
};

const l1Schema = Regularizer.options[1].shape.l1;

/** Numeric limits of each field, read from the schemas (shown as hints and used for min/max). */
export const RULES = {
  lambda1: numberRule(l1Schema),
  lambda2: numberRule(l1Schema),
  epochs: numberRule(RunSpec.shape.epochs),
  batchSize: numberRule(RunSpec.shape.batchSize),
  learningRate: numberRule(OptimizerSpec.shape.learningRate),
  seed: numberRule(RunSpec.shape.seed),
  valSplit: numberRule(RunSpec.shape.valSplit),
  fillValue: numberRule(RunSpec.shape.preprocessing.unwrap().shape.fillValue),
  units: numberRule(DenseLayerSpec.shape.units),
} satisfies Record<string, NumberRule>;

const FIELD_NAMES: Record<keyof typeof RULES, string> = {
  lambda1: 'λ₁',
  lambda2: 'λ₂',
  epochs: 'Epochs',
  batchSize: 'Batch size',
  learningRate: 'Learning rate',
  seed: 'Seed',
  valSplit: 'Validation share',
  fillValue: 'Fill value',
  units: 'Each layer size',
};

export function ruleText(field: keyof typeof RULES): string {
  return `${FIELD_NAMES[field]} must be ${describeRule(RULES[field])}.`;
}

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
  /** Gradient training only: if the run diverges, still save the last epoch with a finite loss. */
  keepLastGood?: boolean;
}

export type FormErrors = Partial<Record<keyof RunForm, string>>;

export function featureCandidates(columns: ColumnInfo[], target: string): ColumnInfo[] {
  return columns.filter((c) => c.name !== target);
}

/** The target defaults to the last column that is not excluded (spreadsheets tend to end with y). */
export function defaultForm(dataset: DatasetSummary | null): RunForm {
  const columns = dataset?.columns ?? [];
  const usable = columns.filter((c) => !c.excludedByDefault && !c.exclusion);
  // The engine's choice first (never a constant or identifier-like column), else the last usable.
  const target = dataset?.defaultTarget ?? usable[usable.length - 1]?.name ?? columns[columns.length - 1]?.name ?? '';
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
    keepLastGood: false,
  };
}

export function defaultFeatures(columns: ColumnInfo[], target: string): string[] {
  return featureCandidates(columns, target)
    .filter((c) => !c.excludedByDefault && !c.exclusion)
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

/** Layer sizes as typed; null unless every one is a size the schema allows. */
export function parseHiddenLayers(text: string): number[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return null;
  const sizes = parts.map(Number);
  return sizes.every((n) => obeys(RULES.units, n)) ? sizes : null;
}

// Where a problem the schema finds in the spec belongs on the form.
const PATH_TO_FIELD: [string, keyof RunForm][] = [
  ['regularizer.l1', 'lambda1'],
  ['regularizer.l2', 'lambda2'],
  ['model.layers', 'hiddenLayers'],
  ['optimizer.learningRate', 'learningRate'],
  ['preprocessing.fillValue', 'fillValue'],
  ['epochs', 'epochs'],
  ['batchSize', 'batchSize'],
  ['seed', 'seed'],
  ['valSplit', 'valSplit'],
  ['target', 'target'],
  ['features', 'features'],
];

function fieldOf(path: PropertyKey[]): keyof RunForm | null {
  const joined = path.map(String).join('.');
  for (const [prefix, field] of PATH_TO_FIELD) if (joined === prefix || joined.startsWith(`${prefix}.`)) return field;
  return null;
}

function schemaErrors(error: ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = fieldOf(issue.path);
    if (!field || errors[field]) continue;
    errors[field] = field in RULES ? ruleText(field as keyof typeof RULES) : issue.message;
  }
  return errors;
}

/**
 * The exact linear solver (FISTA, chosen by 'auto' for linear models) solves to the optimum: it has
 * iterations, not epochs, and no batch size, optimizer or learning rate. Those fields are hidden for
 * it, and whatever they hold is neither checked nor sent.
 */
export function usesExactSolver(form: Pick<RunForm, 'modelKind' | 'solver'>): boolean {
  return form.modelKind === 'linear' && form.solver !== 'gradient';
}

export const GRADIENT_ONLY_FIELDS = ['epochs', 'batchSize', 'learningRate', 'optimizer'] as const;

const GRADIENT_DEFAULTS = { epochs: 100, batchSize: 32, learningRate: 0.01 };

export function validateForm(form: RunForm): FormErrors {
  const errors = validateAll(form);
  if (usesExactSolver(form)) for (const f of GRADIENT_ONLY_FIELDS) delete errors[f];
  return errors;
}

function validateAll(form: RunForm): FormErrors {
  const errors: FormErrors = {};
  if (!form.target) errors.target = 'Choose the column to predict.';
  if (form.features.filter((f) => f !== form.target).length === 0) errors.features = 'Choose at least one feature.';
  if (form.modelKind === 'mlp' && parseHiddenLayers(form.hiddenLayers) === null) {
    errors.hiddenLayers = `Give layer sizes separated by commas, e.g. 64,32; ${ruleText('units').toLowerCase()}`;
  }
  // An empty or unreadable field is reported as such; the schema would only say "expected number".
  const numeric: (keyof typeof RULES & keyof RunForm)[] = ['epochs', 'batchSize', 'learningRate', 'seed', 'valSplit'];
  if (usesLambda1(form.regularizer)) numeric.push('lambda1');
  if (usesLambda2(form.regularizer)) numeric.push('lambda2');
  if (form.missing === 'constant') numeric.push('fillValue');
  for (const field of numeric) {
    if (!Number.isFinite(asNumber(form[field] as number | string))) errors[field] = `Enter a number: ${ruleText(field).replace(/^.*? must be /, '')}`;
  }
  // Everything the engine checks on its side of the contract, checked here with the same schema.
  const parsed = RunSpec.safeParse(buildRunSpec(form, 'form'));
  return parsed.success ? errors : { ...schemaErrors(parsed.error), ...errors };
}

function withGradientDefaults(form: RunForm): RunForm {
  const out = { ...form };
  if (!obeys(RULES.epochs, asNumber(form.epochs))) out.epochs = GRADIENT_DEFAULTS.epochs;
  if (!obeys(RULES.batchSize, asNumber(form.batchSize))) out.batchSize = GRADIENT_DEFAULTS.batchSize;
  if (!obeys(RULES.learningRate, asNumber(form.learningRate))) out.learningRate = GRADIENT_DEFAULTS.learningRate;
  return out;
}

/** Builds the spec from a form that passed validateForm. */
export function buildRunSpec(given: RunForm, datasetId: string): RunSpecInput {
  const form = usesExactSolver(given) ? withGradientDefaults(given) : given;
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
    // The exact solver has no epochs to fall back to; the option is for gradient training.
    ...(form.keepLastGood && !usesExactSolver(given) ? { keepLastGoodWeights: true } : {}),
    preprocessing: {
      missing: form.missing,
      ...(form.missing === 'constant' ? { fillValue: asNumber(form.fillValue) } : {}),
    },
  };
}

export { describeModel, describeRegularizer } from '../../../shared/runLabel';
