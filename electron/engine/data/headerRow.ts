// Finding the header among a sheet's first rows — past title lines ("Sales 2024", "Exported by …")
// and blank rows — and turning its cells into unique column names.
import { isMissingCell, type SourceCell } from './columnKind';
import { parseNumberText, type NumberNotation } from './cells';
import { parseDateText } from './dates';

export interface SampledRow {
  cells: SourceCell[];
  /** Row number the analyst sees in the file (1-based line or sheet row). */
  sourceRow: number;
}

function filledCount(cells: readonly SourceCell[]): number {
  let n = 0;
  for (const c of cells) if (!isMissingCell(c)) n++;
  return n;
}

/**
 * Index (into `rows`) of the header: the first row filled about as wide as the table below it.
 * The table's width is the most common filled count among the sampled rows.
 */
export function findHeaderIndex(rows: readonly SampledRow[]): number {
  const widths = rows.map((r) => filledCount(r.cells));
  const freq = new Map<number, number>();
  for (const w of widths) if (w > 0) freq.set(w, (freq.get(w) ?? 0) + 1);
  let width = 0;
  let best = 0;
  for (const [w, f] of freq) if (f > best || (f === best && w > width)) [width, best] = [w, f];
  const needed = Math.max(1, Math.ceil(width * 0.6));
  const index = widths.findIndex((w) => w >= needed && (width < 2 || w >= 2));
  return Math.max(0, index);
}

/** A row of numbers or dates is data, not a header: the file has no header row. */
export function looksLikeData(cells: readonly SourceCell[], notation: NumberNotation): boolean {
  let filled = 0;
  for (const c of cells) {
    if (isMissingCell(c)) continue;
    filled++;
    if (typeof c === 'string' && Number.isNaN(parseNumberText(c, notation)) && Number.isNaN(parseDateText(c, 'dmy'))) return false;
  }
  return filled > 0;
}

/** Trimmed, unique names; blanks become column_<n> and repeats get _2, _3 (x, x_2, column_3). */
export function uniqueNames(cells: readonly SourceCell[], width: number): string[] {
  const names: string[] = [];
  const taken = new Set<string>();
  for (let i = 0; i < width; i++) {
    const cell = cells[i];
    const given = cell === null || cell === undefined ? '' : String(cell).trim();
    const base = given === '' ? `column_${i + 1}` : given;
    let name = base;
    for (let k = 2; taken.has(name); k++) name = `${base}_${k}`;
    taken.add(name);
    names.push(name);
  }
  return names;
}
