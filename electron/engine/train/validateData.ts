// Refuse training data that cannot give a meaningful model, with a message naming the column or
// setting, before any tensor is built.
import { RegulaError } from '../errors';
import type { PreparedData, Split } from './types';

function checkSplit(name: string, split: Split, featureNames: string[], checkConstant: boolean): void {
  const p = featureNames.length;
  if (split.x.length !== split.rows * p || split.y.length !== split.rows) {
    throw new RegulaError('shape-mismatch', `The ${name} rows do not match the ${p} features (internal preparation error).`);
  }
  for (let r = 0; r < split.rows; r++) {
    for (let j = 0; j < p; j++) {
      if (!Number.isFinite(split.x[r * p + j] as number)) {
        const column = featureNames[j] as string;
        throw new RegulaError('non-finite-feature', `Feature "${column}" has a missing or infinite value in ${name} row ${r + 1}.`, { column, row: r + 1 });
      }
    }
    if (!Number.isFinite(split.y[r] as number)) {
      throw new RegulaError('non-finite-target', `The target has a missing or infinite value in ${name} row ${r + 1}.`, { row: r + 1 });
    }
  }
  if (!checkConstant || split.rows < 2) return;
  for (let j = 0; j < p; j++) {
    const first = split.x[j] as number;
    let constant = true;
    for (let r = 1; r < split.rows && constant; r++) constant = split.x[r * p + j] === first;
    if (constant) {
      const column = featureNames[j] as string;
      throw new RegulaError('constant-feature', `Feature "${column}" has the same value in every training row, so no model can learn from it; remove it from the features.`, { column });
    }
  }
}

function checkClasses(data: PreparedData): void {
  const k = data.classes?.length ?? 0;
  if (k < 2) {
    throw new RegulaError('one-class', `The target has ${k === 1 ? `only one class ("${data.classes?.[0]}")` : 'no classes'}; classification needs at least two.`);
  }
  if (data.task === 'binary' && k !== 2) {
    throw new RegulaError('task-mismatch', `A binary task needs exactly two classes, the target has ${k}.`);
  }
  if (k > data.train.rows) {
    throw new RegulaError('too-many-classes', `The target has ${k} classes but only ${data.train.rows} training rows; it looks like an identifier or a number, not a category.`);
  }
  const seen = new Set<number>();
  for (const split of [data.train, data.validation, data.test]) {
    if (!split) continue;
    for (let r = 0; r < split.rows; r++) {
      const c = split.y[r] as number;
      if (!Number.isInteger(c) || c < 0 || c >= k) {
        throw new RegulaError('bad-class-index', `Class index ${c} in row ${r + 1} is outside the ${k} classes (internal preparation error).`, { row: r + 1 });
      }
      if (split === data.train) seen.add(c);
    }
  }
  if (seen.size < 2) {
    const only = data.classes?.[[...seen][0] ?? 0] ?? '';
    throw new RegulaError('one-class', `Every training row has the same class ("${only}"); classification needs at least two classes in the training rows.`);
  }
}

/** Throws a RegulaError naming the problem; `checkConstant` is off for cross-validation folds. */
export function validateData(data: PreparedData, checkConstant = true): void {
  if (data.featureNames.length === 0) throw new RegulaError('no-features', 'Choose at least one feature.');
  if (data.train.rows === 0) throw new RegulaError('no-rows', 'There are no training rows left after preparation.');
  checkSplit('training', data.train, data.featureNames, checkConstant);
  checkSplit('validation', data.validation, data.featureNames, false);
  if (data.test) checkSplit('test', data.test, data.featureNames, false);
  if (data.task !== 'regression') checkClasses(data);
}
