// The in-memory, columnar form of an imported sheet. Numbers live in typed arrays (NaN = missing)
// so a large file costs 8 bytes a cell, not an object per row.
import type { ColumnInfo, ColumnType, DetectedFormat, MissingMarkerSettings } from '../../../shared/domain';

export interface NumericColumn {
  name: string;
  /** boolean is stored 0/1; date as epoch milliseconds. */
  type: Extract<ColumnType, 'number' | 'integer' | 'boolean' | 'date'>;
  values: Float64Array;
  /**
   * Cells that were not numbers, by 0-based data row, with their text (the first 1,000): predict
   * reports them by row and value. Only on a freshly read table; stored tables do not keep them.
   */
  strays?: { index: number; text: string }[];
}

export interface TextColumn {
  name: string;
  type: Extract<ColumnType, 'category' | 'text' | 'id'>;
  values: (string | null)[];
}

export type Column = NumericColumn | TextColumn;

export interface Table {
  rowCount: number;
  columns: Column[];
}

export function isNumericColumn(c: Column): c is NumericColumn {
  return c.values instanceof Float64Array;
}

/** What reading a file yields: the table, its per-column statistics and what was detected. */
export interface ImportedTable {
  table: Table;
  columns: ColumnInfo[];
  detected: DetectedFormat;
  warnings: string[];
}

/** Settings the analyst may force instead of the detected ones. */
export interface ImportOptions {
  sheet?: string;
  encoding?: string;
  delimiter?: string;
  decimal?: '.' | ',';
  headerRow?: number;
  /** Missing-value markers the analyst chose (absent = the defaults, see data/missingMarkers). */
  missingMarkers?: MissingMarkerSettings;
  /** Called with the fraction read so far (0..1) on large files. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}
