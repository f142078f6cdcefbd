// Columns that should not be ticked as features (nor offered as the target) and why, in words the
// analyst can check: a constant says nothing, an identifier or row number fits noise, free text
// cannot be one-hot encoded. Training on them used to fail one column per attempt.
import type { ColumnExclusion, ColumnInfo } from '../../../shared/domain';

/** Row numbers need this many rows before a 1…n run of integers is taken for them. */
const MIN_ROWS_FOR_ROW_NUMBERS = 10;

export function columnExclusion(info: ColumnInfo, values: Float64Array | undefined, idName: boolean): ColumnExclusion | undefined {
  if (info.unique === 0) return { reason: 'all-missing', message: 'every cell is empty or a missing marker' };
  if (info.unique === 1) {
    const value = info.top?.[0]?.value ?? (info.min !== undefined ? String(info.min) : undefined);
    const where = info.missing > 0 ? 'every row with a value holds' : 'every row holds';
    return { reason: 'constant', message: value !== undefined ? `${where} "${value}"` : `${where} the same value` };
  }
  if (info.type === 'id') return { reason: 'identifier', message: 'every value is different (an identifier, not a category)' };
  if (info.type === 'text') return { reason: 'text', message: 'free text: too many different values to be a category' };
  if (info.type === 'integer' && values) {
    const present = values.length - info.missing;
    if (info.unique !== present) return undefined;
    if (idName) return { reason: 'identifier', message: 'named like an identifier and every value is different' };
    const span = info.max !== undefined && info.min !== undefined ? info.max - info.min + 1 : NaN;
    if (info.missing === 0 && present >= MIN_ROWS_FOR_ROW_NUMBERS && span === present && isAscending(values)) {
      return { reason: 'identifier', message: `row numbers: the values count ${info.min} to ${info.max}, one per row` };
    }
  }
  return undefined;
}

function isAscending(values: Float64Array): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i]! > values[i - 1]!)) return false;
  return true;
}
