// A window of rows for the preview grid: every cell as the text the analyst would expect to see,
// null for missing.
import type { TablePage } from '../../../shared/domain';
import { formatDate } from './dates';
import { isNumericColumn, type Column, type Table } from './table';

export function tablePage(table: Table, offset: number, limit: number): TablePage {
  const start = Math.max(0, Math.min(Math.floor(offset), table.rowCount));
  const end = Math.min(table.rowCount, start + Math.max(0, Math.floor(limit)));
  const rows: (string | null)[][] = [];
  for (let r = start; r < end; r++) rows.push(table.columns.map((c) => displayCell(c, r)));
  return { offset: start, rows, total: table.rowCount };
}

export function displayCell(column: Column, row: number): string | null {
  if (!isNumericColumn(column)) return column.values[row] ?? null;
  const v = column.values[row]!;
  if (Number.isNaN(v)) return null;
  switch (column.type) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'date':
      return formatDate(v);
    default:
      // Shortest text that reads back as the same double: 0.1 stays "0.1", not 0.1000000000000000055.
      return String(v);
  }
}
