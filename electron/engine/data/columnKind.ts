// Choosing how a column is read from a sample of its first rows: as numbers, yes/no, dates or
// text. The sample decides the storage; the whole column later decides number vs integer and
// category vs text vs id (see columnBuilder).
import { isMissingText, parseBooleanText, parseNumberText, type NumberNotation } from './cells';
import { detectDayOrder, parseDateText, type DayOrder } from './dates';

/** A cell as a source yields it: CSV gives text, workbooks and JSON give typed values too. */
export type SourceCell = string | number | boolean | null;

export type Lane = { kind: 'number' } | { kind: 'boolean' } | { kind: 'date'; order: DayOrder } | { kind: 'text' };

/** Share of a sample's present cells that must parse for the column to be read as that kind. */
const MIN_SHARE = 0.9;

export function isMissingCell(cell: SourceCell): boolean {
  if (cell === null) return true;
  if (typeof cell === 'string') return isMissingText(cell);
  return typeof cell === 'number' && Number.isNaN(cell);
}

/** A zero-padded code ("00123", "0712") is an identifier: reading it as 123 would lose it. */
function isZeroPadded(text: string): boolean {
  return /^\s*0\d+\s*$/.test(text);
}

export function chooseLane(sample: readonly SourceCell[], notation: NumberNotation, isMissing: (cell: SourceCell) => boolean = isMissingCell): Lane {
  let present = 0;
  let numbers = 0;
  let booleans = 0;
  let dates = 0;
  const texts: string[] = [];
  for (const cell of sample) {
    if (isMissing(cell)) continue;
    present++;
    if (typeof cell === 'number') numbers++;
    else if (typeof cell === 'boolean') booleans++;
    else if (typeof cell === 'string') {
      if (isZeroPadded(cell)) return { kind: 'text' };
      texts.push(cell);
      if (!Number.isNaN(parseBooleanText(cell))) booleans++;
      else if (!Number.isNaN(parseNumberText(cell, notation))) numbers++;
    }
  }
  if (present === 0) return { kind: 'text' };
  if (booleans >= MIN_SHARE * present) return { kind: 'boolean' };
  const order = detectDayOrder(texts, notation.decimal);
  for (const t of texts) if (!Number.isNaN(parseDateText(t, order))) dates++;
  if (dates >= MIN_SHARE * present) return { kind: 'date', order };
  if (numbers >= MIN_SHARE * present) return { kind: 'number' };
  return { kind: 'text' };
}

/** The value a numeric lane stores for a present cell, NaN when the cell does not fit the lane. */
export function laneValue(lane: Lane, cell: SourceCell, notation: NumberNotation): number {
  switch (lane.kind) {
    case 'number':
      if (typeof cell === 'number') return cell;
      return typeof cell === 'string' ? parseNumberText(cell, notation) : NaN;
    case 'boolean':
      if (typeof cell === 'boolean') return cell ? 1 : 0;
      return typeof cell === 'string' ? parseBooleanText(cell) : NaN;
    case 'date':
      return typeof cell === 'string' ? parseDateText(cell, lane.order) : NaN;
    case 'text':
      return NaN;
  }
}

/** The text a cell shows when its column is read as text. */
export function cellText(cell: SourceCell): string {
  if (typeof cell === 'string') return cell;
  return String(cell);
}
