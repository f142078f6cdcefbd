// Column types the analyst changed after import ("zip code is a category, not a number").
// Overrides are kept in dataset.json and applied whenever the table is loaded, so the stored
// columns stay as parsed and an override can be undone.
import type { ColumnInfo, ColumnType } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { numericStats } from '../data/columnStats';
import { displayCell } from '../data/tablePage';
import { isNumericColumn, type Column, type Table } from '../data/table';

const NUMERIC: ColumnType[] = ['number', 'integer', 'boolean', 'date'];
const MAX_STRAY_ROWS = 50;

export function applyTypeOverrides(table: Table, overrides: Record<string, ColumnType>): Table {
  if (Object.keys(overrides).length === 0) return table;
  return { rowCount: table.rowCount, columns: table.columns.map((c) => (overrides[c.name] ? convertColumn(c, overrides[c.name]!).column : c)) };
}

/** The column as the new type, with the cells that could not be read as it (1-based rows). */
export function convertColumn(column: Column, type: ColumnType): { column: Column; strayRows: number[] } {
  const toNumeric = NUMERIC.includes(type);
  if (isNumericColumn(column)) {
    if (toNumeric) {
      if ((type === 'boolean') !== (column.type === 'boolean') && !isZeroOne(column.values)) {
        throw new RegulaError('bad-type', `Column "${column.name}" holds values other than 0 and 1, so it cannot be boolean.`, { column: column.name });
      }
      return { column: { name: column.name, type: type as 'number', values: column.values }, strayRows: [] };
    }
    const values = Array.from({ length: column.values.length }, (_, r) => displayCell(column, r));
    return { column: { name: column.name, type: type as 'category', values }, strayRows: [] };
  }
  if (!toNumeric) return { column: { name: column.name, type: type as 'category', values: column.values }, strayRows: [] };
  if (type === 'date' || type === 'boolean') {
    throw new RegulaError('bad-type', `Text column "${column.name}" cannot be turned into ${type} values here; re-import the file so the reader can detect them.`, { column: column.name });
  }
  const strayRows: number[] = [];
  const values = new Float64Array(column.values.length);
  column.values.forEach((text, r) => {
    const v = text == null || text.trim() === '' ? NaN : Number(text.trim());
    if (text != null && text.trim() !== '' && !Number.isFinite(v)) strayRows.push(r + 1);
    values[r] = Number.isFinite(v) ? (type === 'integer' ? Math.round(v) : v) : NaN;
  });
  if (strayRows.length > column.values.length / 2) {
    throw new RegulaError('bad-type', `Most cells of "${column.name}" are not numbers (for example row ${strayRows[0]}); it cannot be a ${type} column.`, {
      column: column.name,
      row: strayRows[0]!,
    });
  }
  return { column: { name: column.name, type: type as 'number', values }, strayRows };
}

/** Statistics of a converted column, in the same shape the importer reports. */
export function describeColumn(column: Column, strayRows: number[]): ColumnInfo {
  if (isNumericColumn(column)) {
    return { name: column.name, type: column.type, ...numericStats(column.values), ...(strayRows.length ? { strayRows: strayRows.slice(0, MAX_STRAY_ROWS) } : {}) };
  }
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of column.values) {
    if (v == null) missing++;
    else counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([value, count]) => ({ value, count }));
  return { name: column.name, type: column.type, missing, unique: counts.size, top, ...(column.type !== 'category' ? { excludedByDefault: true } : {}) };
}

function isZeroOne(values: Float64Array): boolean {
  for (const v of values) if (!Number.isNaN(v) && v !== 0 && v !== 1) return false;
  return true;
}
