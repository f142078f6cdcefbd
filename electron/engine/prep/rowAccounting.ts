// Where a dataset's rows went on the way to a model: used (and the size of each split) or dropped,
// and why — a missing target, or a missing feature under the 'drop-rows' rule. Stored with every
// run so the analyst never has to guess how many rows a metric is about.
import type { RowAccounting, RunSpec } from '../../../shared/domain';
import type { Table } from '../data/table';
import type { PrepManifest } from './manifest';
import { isMissing } from './target';

export function rowAccounting(table: Table, spec: RunSpec, manifest: PrepManifest): RowAccounting {
  const target = table.columns.find((c) => c.name === spec.target);
  let missingTarget = 0;
  if (target) for (let row = 0; row < table.rowCount; row++) if (isMissing(target, row)) missingTarget++;
  const { total, used, train, validation, test } = manifest.rows;
  return {
    total,
    used,
    droppedMissingTarget: missingTarget,
    droppedMissingFeatures: total - used - missingTarget,
    train,
    validation,
    test,
  };
}
