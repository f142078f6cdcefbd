// Checks a run's spec against the dataset's summary before anything is written or any process
// starts, so bad settings cost nothing and name the column or setting at fault.
import type { ColumnInfo, DatasetSummary, RunSpec, Task } from '../../../shared/domain';
import { RegulaError } from '../errors';

const NUMERIC_TYPES = new Set(['number', 'integer', 'boolean', 'date']);
/**
 * A numeric target is read as two classes on its own only when it holds two whole numbers with at
 * least this many rows per class on average; otherwise it is a quantity (a numeric target on 2
 * rows was taken as 2 classes). The analyst can always choose the task explicitly.
 */
export const MIN_ROWS_PER_CLASS = 5;

export function validateSpec(spec: RunSpec, dataset: DatasetSummary): { task: Task } {
  const file = dataset.sourceFile;
  const byName = new Map(dataset.columns.map((c) => [c.name, c]));
  const target = byName.get(spec.target);
  if (!target) {
    throw new RegulaError('unknown-column', `Target column "${spec.target}" is not in ${file}. Columns: ${listNames(dataset.columns)}.`, {
      file,
      column: spec.target,
    });
  }
  const seen = new Set<string>();
  for (const name of spec.features) {
    const column = byName.get(name);
    if (!column) {
      throw new RegulaError('unknown-column', `Feature column "${name}" is not in ${file}. Columns: ${listNames(dataset.columns)}.`, {
        file,
        column: name,
      });
    }
    if (name === spec.target) throw new RegulaError('target-as-feature', `"${name}" is the target; it cannot also be a feature.`, { column: name });
    if (seen.has(name)) throw new RegulaError('duplicate-feature', `Feature "${name}" is listed twice.`, { column: name });
    seen.add(name);
    if (!NUMERIC_TYPES.has(column.type) && column.type !== 'category') {
      throw new RegulaError(
        'non-numeric-feature',
        `Feature "${name}" in ${file} holds ${column.type} values, which cannot be encoded as model inputs. Leave it out or change its type to category.`,
        { file, column: name },
      );
    }
  }
  const task = resolveTask(spec, target, file, dataset.rows - target.missing);
  return { task };
}

export function resolveTask(spec: RunSpec, target: ColumnInfo, file: string, presentRows = Infinity): Task {
  const distinct = target.unique;
  if (distinct < 2) {
    throw new RegulaError(
      'constant-target',
      `Target "${target.name}" in ${file} has ${distinct === 0 ? 'no values' : 'a single value'}; a model needs at least two different target values.`,
      { file, column: target.name },
    );
  }
  const numeric = target.type === 'number' || target.type === 'integer';
  if (spec.task === 'regression') {
    if (!numeric) throw new RegulaError('bad-task', `Target "${target.name}" holds ${target.type} values; regression needs numbers.`, { column: target.name });
    return 'regression';
  }
  if (spec.task === 'binary') {
    if (distinct !== 2) throw new RegulaError('bad-task', `Target "${target.name}" has ${distinct} classes; binary classification needs exactly 2.`, { column: target.name });
    return 'binary';
  }
  if (spec.task === 'multiclass') return 'multiclass';
  if (target.type === 'text' || target.type === 'id') {
    throw new RegulaError('bad-target', `Target "${target.name}" looks like free text or an identifier (${distinct} distinct values); choose another target.`, {
      file,
      column: target.name,
    });
  }
  if (distinct === 2 && (target.type === 'boolean' || target.type === 'category')) return 'binary';
  if (distinct === 2 && target.type === 'integer' && presentRows >= 2 * MIN_ROWS_PER_CLASS) return 'binary';
  if (target.type === 'category') return 'multiclass';
  if (target.type === 'date') throw new RegulaError('bad-target', `Target "${target.name}" holds dates; choose a numeric or categorical target.`, { column: target.name });
  return 'regression';
}

function listNames(columns: ColumnInfo[]): string {
  const names = columns.map((c) => c.name);
  return names.length > 12 ? `${names.slice(0, 12).join(', ')}, …` : names.join(', ');
}
