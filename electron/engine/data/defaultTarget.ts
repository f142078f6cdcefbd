// The column offered as the target when a dataset is opened: the last one a model can predict —
// never a constant, an identifier, free text or an empty column (see columnExclusion).
import type { ColumnInfo } from '../../../shared/domain';

const PREDICTABLE = new Set(['number', 'integer', 'boolean', 'category']);

export function defaultTargetOf(columns: ColumnInfo[]): { defaultTarget?: string } {
  for (let i = columns.length - 1; i >= 0; i--) {
    const c = columns[i]!;
    if (PREDICTABLE.has(c.type) && !c.exclusion && !c.excludedByDefault) return { defaultTarget: c.name };
  }
  return {};
}
