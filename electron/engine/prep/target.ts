// The target as numbers: raw values for regression, a class index otherwise. Classes are in a
// stable order: numeric targets by value (binary 0/1 and false/true put the positive class
// second), text targets alphabetically.
import type { Task } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { isNumericColumn, type Column } from '../data/table';

export function isMissing(c: Column, row: number): boolean {
  return isNumericColumn(c) ? Number.isNaN(c.values[row]!) : c.values[row] == null;
}

export function classLabel(c: Column, row: number): string {
  if (isNumericColumn(c)) {
    const v = c.values[row]!;
    return c.type === 'boolean' ? (v ? 'true' : 'false') : String(v);
  }
  return c.values[row]!;
}

export function encodeTarget(target: Column, rows: number[], task: Task, file: string): { labels: Float32Array; classes?: string[] } {
  const labels = new Float32Array(rows.length);
  if (task === 'regression') {
    if (!isNumericColumn(target)) throw new RegulaError('bad-task', `Target "${target.name}" is not numeric; regression needs numbers.`, { column: target.name });
    rows.forEach((row, i) => (labels[i] = target.values[row]!));
    return { labels };
  }
  const texts = rows.map((row) => classLabel(target, row));
  const classes = isNumericColumn(target)
    ? [...new Set(rows.map((row) => target.values[row]!))].sort((a, b) => a - b).map((v) => (target.type === 'boolean' ? (v ? 'true' : 'false') : String(v)))
    : [...new Set(texts)].sort((a, b) => a.localeCompare(b));
  if (classes.length < 2) {
    throw new RegulaError('constant-target', `Target "${target.name}" has a single class among the usable rows of ${file}.`, { file, column: target.name });
  }
  if (task === 'binary' && classes.length !== 2) {
    throw new RegulaError('bad-task', `Target "${target.name}" has ${classes.length} classes; binary classification needs exactly 2.`, { column: target.name });
  }
  if (classes.length > rows.length / 2) {
    throw new RegulaError('too-many-classes', `Target "${target.name}" has ${classes.length} classes for ${rows.length} rows; that is too few rows per class to learn from.`, {
      file,
      column: target.name,
    });
  }
  const index = new Map(classes.map((c, i) => [c, i]));
  texts.forEach((t, i) => (labels[i] = index.get(t)!));
  return { labels, classes };
}
