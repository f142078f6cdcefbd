// Which cell texts mean "no value", per column. By default the usual markers (NA, n/a, null, -…)
// — but "None" only where it is not a real value: in a text column where it sits among other
// values it is a category (Cars93's AirBags = "None": no airbags), elsewhere it is missing. When
// the analyst gives a list, that list is the rule, nothing is guessed.
import type { ColumnInfo, MissingMarkerSettings } from '../../../shared/domain';
import { isMissingText } from './cells';
import type { SourceCell } from './columnKind';

/** The default markers, as compared (trimmed, lower case); kept in step with cells.ts. */
export const DEFAULT_MISSING_MARKERS = ['', 'na', 'n/a', '#n/a', 'nan', 'null', '-', '#na', 'none', '#value!', '#div/0!'];

/** Default markers that are also ordinary words: a category when the column has other values. */
const SOFT_MARKERS = new Set(['none']);

export interface ColumnMarkers {
  /** True when the analyst chose the list (cells are then tested as decoded text, never guessed). */
  custom: boolean;
  /** The markers in force (lower case), '' included. */
  list: string[];
  isMissing(cell: SourceCell): boolean;
  /** A default marker that a text column keeps as a value if it has others (never with a custom list). */
  isSoft(text: string): boolean;
}

const DEFAULT_MARKERS: ColumnMarkers = {
  custom: false,
  list: DEFAULT_MISSING_MARKERS,
  isMissing: (cell) => cell === null || (typeof cell === 'string' ? isMissingText(cell) : typeof cell === 'number' && Number.isNaN(cell)),
  isSoft: (text) => text.length <= 8 && SOFT_MARKERS.has(text.trim().toLowerCase()),
};

export function defaultMarkers(): ColumnMarkers {
  return DEFAULT_MARKERS;
}

/** The markers for one column under the analyst's settings (per-column list, general list, defaults). */
export function markersFor(settings: MissingMarkerSettings | undefined, column: string): ColumnMarkers {
  const chosen = (settings?.perColumn && Object.prototype.hasOwnProperty.call(settings.perColumn, column) ? settings.perColumn[column] : undefined) ?? settings?.markers;
  if (!chosen) return DEFAULT_MARKERS;
  // An empty cell is always missing: there is no value to keep.
  const set = new Set(['', ...chosen.map((m) => m.trim().toLowerCase())]);
  return {
    custom: true,
    list: [...set],
    isMissing: (cell) => cell === null || (typeof cell === 'number' && Number.isNaN(cell)) || set.has(String(cell).trim().toLowerCase()),
    isSoft: () => false,
  };
}

/** The markers in force for a column whose soft markers were kept as values. */
export function withoutSoft(list: string[]): string[] {
  return list.filter((m) => !SOFT_MARKERS.has(m));
}

/**
 * The markers a model's columns were read with, for reading a new file the same way: per column,
 * only where they are not the defaults; undefined when every column used the defaults.
 */
export function markersInForce(columns: ColumnInfo[], names: string[]): MissingMarkerSettings | undefined {
  const perColumn: Record<string, string[]> = {};
  for (const name of names) {
    const list = columns.find((c) => c.name === name)?.missingMarkers;
    if (list && !sameList(list, DEFAULT_MISSING_MARKERS)) perColumn[name] = list;
  }
  return Object.keys(perColumn).length ? { perColumn } : undefined;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((m) => b.includes(m));
}
