// Column widths for the virtualized preview. Rows come and go as the analyst scrolls, so widths
// cannot follow the content on screen (columns would jump); they are fixed once from the header and
// the first rows, in approximate character widths of the 12.5px UI font.
import type { ColumnInfo } from '../../../shared/domain';

const CHAR_PX = 7.2;
const PADDING_PX = 24;
export const MIN_COLUMN_PX = 96;
export const MAX_COLUMN_PX = 320;

/** Width of the header's second line: type badge, missing count, unreadable count, undo. */
function metaPx(column: ColumnInfo, overridden: boolean): number {
  // The badge is a select with a caret: its padding and the caret add ~30px to the type's letters.
  let px = 36 + column.type.length * 7;
  px += column.missing > 0 ? 18 + `${column.missing.toLocaleString()} missing`.length * 6 : 72;
  if (column.strayRows && column.strayRows.length > 0) px += 90;
  if (overridden) px += 24;
  return px;
}

export function columnWidths(columns: ColumnInfo[], sample: (string | null)[][], overridden: (name: string) => boolean): number[] {
  return columns.map((c, j) => {
    let chars = c.name.length * 1.1; // the header is bold
    for (const row of sample) chars = Math.max(chars, (row[j] ?? 'missing').length);
    const px = Math.max(chars * CHAR_PX + PADDING_PX, metaPx(c, overridden(c.name)) + PADDING_PX);
    return Math.round(Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, px)));
  });
}

/** Width of the row-number column for row numbers up to `rows`. */
export function rowNumberWidth(rows: number): number {
  return Math.round(Math.max(3, String(rows).length) * CHAR_PX + PADDING_PX);
}
