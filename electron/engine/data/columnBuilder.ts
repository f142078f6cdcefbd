// Accumulates one column while rows stream in, in the storage its sample chose: a growing
// Float64Array for numbers/yes-no/dates (NaN = missing), an array of shared strings for text.
// A cell that does not fit a numeric column is kept as missing and its row remembered (a "stray"),
// never zeroed; if strays turn out to be common the column falls back to text.
import type { ColumnInfo } from '../../../shared/domain';
import type { NumberNotation } from './cells';
import { cellText, isMissingCell, laneValue, type Lane, type SourceCell } from './columnKind';
import { numericStats, textStats, topCategories } from './columnStats';
import { formatDate } from './dates';
import type { Column } from './table';

/** Strays beyond this share of present cells mean the column is not numeric after all. */
// Matches the 90% share a sample needs to be read as numbers (columnKind).
const MAX_STRAY_SHARE = 0.1;
const MAX_STRAY_ROWS_LISTED = 1000;
/** Text columns with at most this many distinct values (and repeats) are categories. */
const MAX_CATEGORIES = 1000;
const ID_NAME = /^(id|key|index|uuid|guid)$|[_ \-.](id|key|uuid)$|[a-z]Id$|ID$|^(row|record|customer|order)[ _]?(no|nr|number|#)$/i;

export interface BuiltColumn {
  column: Column;
  info: ColumnInfo;
  warning?: string;
}

export class ColumnBuilder {
  private numbers: Float64Array;
  private texts: (string | null)[] = [];
  private length = 0;
  private strayRows: number[] = [];
  private strayCount = 0;
  private present = 0;
  private firstStray: { row: number; text: string } | undefined;
  private fellBack = false;
  // Shared copies of repeated texts: a category column of a million rows holds a few strings,
  // and no cell keeps a slice of the whole read buffer alive.
  private readonly interned = new Map<string, string>();

  constructor(
    readonly name: string,
    private lane: Lane,
    private readonly notation: NumberNotation,
    expectedRows: number,
  ) {
    this.numbers = new Float64Array(lane.kind === 'text' ? 0 : Math.max(16, expectedRows));
  }

  /** `sourceRow` is the row number the analyst sees in the file (for stray reports). */
  push(cell: SourceCell, sourceRow: number): void {
    if (this.lane.kind === 'text') {
      this.texts.push(isMissingCell(cell) ? null : this.intern(cellText(cell).trim()));
      this.length++;
      return;
    }
    if (this.length === this.numbers.length) this.grow();
    let value = NaN;
    if (!isMissingCell(cell)) {
      this.present++;
      value = laneValue(this.lane, cell, this.notation);
      if (Number.isNaN(value)) this.noteStray(cell, sourceRow);
    }
    this.numbers[this.length++] = value;
  }

  private noteStray(cell: SourceCell, sourceRow: number): void {
    this.strayCount++;
    this.firstStray ??= { row: sourceRow, text: cellText(cell) };
    if (this.strayRows.length < MAX_STRAY_ROWS_LISTED) this.strayRows.push(sourceRow);
    // Mostly non-numeric after all (e.g. codes that start numeric): stop storing numbers now.
    if (this.strayCount > MAX_STRAY_ROWS_LISTED && this.strayCount > MAX_STRAY_SHARE * this.present) {
      this.fallBackToText();
    }
  }

  private grow(): void {
    const next = new Float64Array(this.numbers.length * 2);
    next.set(this.numbers);
    this.numbers = next;
  }

  private intern(text: string): string {
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    // Long substrings are views into the chunk they came from; copy so the chunk can be freed.
    const own = text.length >= 13 ? Buffer.from(text, 'utf8').toString('utf8') : text;
    if (this.interned.size < 100_000) this.interned.set(own, own);
    return own;
  }

  /**
   * Rebuilds the column as text. The original text of cells already read as numbers is gone, so
   * they are shown in their shortest form; strays keep their own text only if still listed.
   */
  private fallBackToText(): void {
    const show = this.lane.kind === 'date' ? formatDate : this.lane.kind === 'boolean' ? (v: number) => (v ? 'true' : 'false') : String;
    this.texts = Array.from(this.numbers.subarray(0, this.length), (v) => (Number.isNaN(v) ? null : this.intern(show(v))));
    this.numbers = new Float64Array(0);
    this.lane = { kind: 'text' };
    this.strayRows = [];
    this.fellBack = true;
  }

  finish(): BuiltColumn {
    if (this.lane.kind !== 'text' && this.present > 0 && this.strayCount > MAX_STRAY_SHARE * this.present) {
      this.fallBackToText();
    }
    if (this.lane.kind === 'text') return this.finishText();
    const values = this.numbers.slice(0, this.length);
    this.numbers = new Float64Array(0);
    const stats = numericStats(values);
    const type = this.lane.kind === 'number' ? (isAllIntegers(values) ? 'integer' : 'number') : this.lane.kind;
    const info: ColumnInfo = { name: this.name, type, ...stats };
    if (type === 'date') {
      delete info.mean;
      delete info.std;
    }
    if (type === 'boolean') info.top = [{ value: 'true', count: countOnes(values) }, { value: 'false', count: this.length - stats.missing - countOnes(values) }];
    if (type === 'integer' && stats.unique === this.length && ID_NAME.test(this.name)) info.excludedByDefault = true;
    let warning: string | undefined;
    if (this.strayCount > 0) {
      info.strayRows = this.strayRows;
      const more = this.strayCount > 1 ? ` and ${this.strayCount - 1} more` : '';
      warning =
        `Column "${this.name}": ${this.strayCount} cell(s) are not ${articleFor(type)} and were treated as missing ` +
        `(first at row ${this.firstStray!.row}: "${clip(this.firstStray!.text)}"${more}).`;
    }
    return { column: { name: this.name, type, values }, info, warning };
  }

  private finishText(): BuiltColumn {
    const values = this.texts;
    this.texts = [];
    const stats = textStats(values);
    const present = values.length - stats.missing;
    const type = present === 0 ? 'text' : stats.unique <= MAX_CATEGORIES && stats.unique < present ? 'category' : stats.unique === present ? 'id' : 'text';
    const info: ColumnInfo = { name: this.name, type, missing: stats.missing, unique: stats.unique };
    if (type !== 'id') info.top = topCategories(stats.counts);
    if (type !== 'category') info.excludedByDefault = true;
    const warning = this.fellBack
      ? `Column "${this.name}" started with numbers but has ${this.strayCount} non-numeric cells; it was read as text.`
      : undefined;
    return { column: { name: this.name, type, values }, info, warning };
  }
}

function isAllIntegers(values: Float64Array): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v) && (!Number.isInteger(v) || Math.abs(v) > Number.MAX_SAFE_INTEGER)) return false;
  }
  return true;
}

function countOnes(values: Float64Array): number {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === 1) n++;
  return n;
}

function articleFor(type: string): string {
  return type === 'date' ? 'dates' : type === 'boolean' ? 'yes/no values' : 'numbers';
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
