// Accumulates one column while rows stream in, in the storage its sample chose: a growing
// Float64Array for numbers/yes-no/dates (NaN = missing), an array of shared strings for text.
// A cell that does not fit a numeric column is kept as missing and its row remembered (a "stray"),
// never zeroed; if strays turn out to be common the column falls back to text.
import type { ColumnInfo } from '../../../shared/domain';
import { isMissingText, type NumberNotation } from './cells';
import { cellText, laneValue, type Lane, type SourceCell } from './columnKind';
import { defaultMarkers, withoutSoft, type ColumnMarkers } from './missingMarkers';
import { columnExclusion } from './columnExclusion';
import { numericStats, StatsScratch, topCategories } from './columnStats';
import type { FieldRecord } from './csvTokenizer';
import { formatDate } from './dates';
import { mayBeMissing, plainDecimalOf } from './fieldBytes';
import type { Column } from './table';
import { tallyTexts, TextTally } from './textTally';

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
  private strays: { index: number; text: string }[] = [];
  private strayCount = 0;
  private present = 0;
  private firstStray: { row: number; text: string } | undefined;
  private fellBack = false;
  private missingTexts = 0;
  /** Soft markers ("None") kept as text until finish decides whether they are values or missing. */
  private softTexts = 0;
  private streaming = false;
  /** Texts are counted when the column is finished, not per cell (see startStreaming). */
  private tallyAtFinish = false;
  private tally = new TextTally();
  /** The byte of the decimal separator when number fields may be read from bytes, else -1. */
  private readonly plainDecimal: number;
  /** How pushField reads bytes: the lane as a small integer, checked once per cell. */
  private byteMode: ByteMode;

  constructor(
    readonly name: string,
    private lane: Lane,
    private readonly notation: NumberNotation,
    private readonly expectedRows: number,
    private readonly markers: ColumnMarkers = defaultMarkers(),
  ) {
    this.numbers = new Float64Array(lane.kind === 'text' ? 0 : Math.max(16, expectedRows));
    this.plainDecimal = plainDecimalOf(notation);
    // A chosen marker may look like a number ("-999"): then every cell is decoded and tested.
    this.byteMode = markers.custom && lane.kind !== 'text' ? ByteMode.Decoded : byteModeFor(lane, this.plainDecimal);
  }

  /** `sourceRow` is the row number the analyst sees in the file (for stray reports). */
  push(cell: SourceCell, sourceRow: number): void {
    if (this.lane.kind === 'text') {
      if (this.markers.isMissing(cell)) {
        if (typeof cell === 'string' && this.markers.isSoft(cell)) this.pushSoftText(cell.trim());
        else this.pushMissingText();
      } else if (this.tallyAtFinish) this.texts.push(cellText(cell).trim());
      else this.texts.push(this.tally.add(cellText(cell).trim()));
      this.length++;
      return;
    }
    if (this.length === this.numbers.length) this.grow();
    let value = NaN;
    if (!this.markers.isMissing(cell)) {
      this.present++;
      value = laneValue(this.lane, cell, this.notation);
      if (Number.isNaN(value)) this.noteStray(cell, sourceRow);
    }
    this.numbers[this.length++] = value;
  }

  /** Field `i` of a delimited record, read from its bytes where that is exact. */
  pushField(record: FieldRecord, i: number): void {
    const mode = this.byteMode;
    if (mode === ByteMode.PlainNumber) {
      // Read by the tokenizer as it scanned the field; NaN = not decided there (quoted fields too).
      const value = record.values[i]!;
      if (value === value) {
        if (this.length === this.numbers.length) this.grow();
        this.present++;
        this.numbers[this.length++] = value;
        return;
      }
    } else if (mode === ByteMode.Text && record.escaped[i] !== 1) {
      const b = record.bytes;
      const start = record.starts[i]!;
      const end = record.ends[i]!;
      if (!this.streaming) this.startStreaming();
      if (this.markers.custom ? this.markers.isMissing(record.text(i)) : mayBeMissing(b, start, end) && isMissingText(record.text(i))) {
        const text = record.text(i);
        if (this.markers.isSoft(text)) this.pushSoftText(text.trim());
        else this.pushMissingText();
        this.length++;
        return;
      }
      const text = this.tallyAtFinish ? asciiTrimmed(b, start, end) : this.tally.addAscii(b, start, end);
      if (text !== undefined) {
        this.texts.push(text);
        this.length++;
        return;
      }
    }
    this.push(record.text(i), record.line);
  }

  /**
   * The sample rows are in; the rest stream from bytes. A text column whose sample was all
   * distinct (ids, notes) likely stays so: a per-cell lookup in a table of a million texts misses
   * the CPU caches every time, so such a column is counted once, at the end (tallyTexts), exactly.
   */
  private startStreaming(): void {
    this.streaming = true;
    const present = this.texts.length - this.missingTexts;
    this.tallyAtFinish = present >= 100 && this.tally.size === present && this.expectedRows > 10 * present;
  }

  private pushSoftText(text: string): void {
    this.texts.push(this.tallyAtFinish ? text : this.tally.add(text));
    this.softTexts++;
  }

  private pushMissingText(): void {
    this.texts.push(null);
    this.missingTexts++;
  }

  private noteStray(cell: SourceCell, sourceRow: number): void {
    this.strayCount++;
    this.firstStray ??= { row: sourceRow, text: cellText(cell) };
    if (this.strayRows.length < MAX_STRAY_ROWS_LISTED) {
      this.strayRows.push(sourceRow);
      this.strays.push({ index: this.length, text: cellText(cell) });
    }
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

  /**
   * Rebuilds the column as text. The original text of cells already read as numbers is gone, so
   * they are shown in their shortest form; strays keep their own text only if still listed.
   */
  private fallBackToText(): void {
    const show = this.lane.kind === 'date' ? formatDate : this.lane.kind === 'boolean' ? (v: number) => (v ? 'true' : 'false') : String;
    this.texts = Array.from(this.numbers.subarray(0, this.length), (v) => (Number.isNaN(v) ? null : this.tally.add(show(v))));
    this.missingTexts = this.texts.reduce((n, t) => n + (t === null ? 1 : 0), 0);
    this.numbers = new Float64Array(0);
    this.lane = { kind: 'text' };
    this.byteMode = ByteMode.Text;
    this.strayRows = [];
    this.strays = [];
    this.fellBack = true;
  }

  /** `scratch` is working memory the columns of one table may share. */
  finish(scratch = new StatsScratch()): BuiltColumn {
    if (this.lane.kind !== 'text' && this.present > 0 && this.strayCount > MAX_STRAY_SHARE * this.present) {
      this.fallBackToText();
    }
    if (this.lane.kind === 'text') return this.finishText();
    // The column was sized from an estimate of the rows (5% over, give or take): keeping that slack
    // is cheaper than a copy, whose fresh pages cost more than the copying itself.
    const slack = this.numbers.length - this.length;
    const values = slack <= this.length / 8 ? this.numbers.subarray(0, this.length) : this.numbers.slice(0, this.length);
    this.numbers = new Float64Array(0);
    const stats = numericStats(values, scratch);
    const type = this.lane.kind === 'number' ? (isAllIntegers(values) ? 'integer' : 'number') : this.lane.kind;
    const info: ColumnInfo = { name: this.name, type, ...stats };
    if (type === 'date') {
      delete info.mean;
      delete info.std;
    }
    if (type === 'boolean') info.top = [{ value: 'true', count: countOnes(values) }, { value: 'false', count: this.length - stats.missing - countOnes(values) }];
    if (type === 'integer' && stats.unique === this.length && ID_NAME.test(this.name)) info.excludedByDefault = true;
    info.missingMarkers = this.markers.list;
    const exclusion = columnExclusion(info, values, ID_NAME.test(this.name));
    if (exclusion) {
      info.exclusion = exclusion;
      info.excludedByDefault = true;
    }
    let warning: string | undefined;
    if (this.strayCount > 0) {
      info.strayRows = this.strayRows;
      const more = this.strayCount > 1 ? ` and ${this.strayCount - 1} more` : '';
      warning =
        `Column "${this.name}": ${this.strayCount} cell(s) are not ${articleFor(type)} and were treated as missing ` +
        `(first at row ${this.firstStray!.row}: "${clip(this.firstStray!.text)}"${more}).`;
    }
    const column: Column = { name: this.name, type, values, ...(this.strays.length ? { strays: this.strays } : {}) };
    return { column, info, warning };
  }

  private finishText(): BuiltColumn {
    const values = this.texts;
    this.texts = [];
    // "None" is a value only beside other values; a column of nothing but markers is missing.
    const softOnly = this.softTexts > 0 && values.length - this.missingTexts === this.softTexts;
    if (softOnly) {
      for (let i = 0; i < values.length; i++) if (values[i] !== null) values[i] = null;
      this.missingTexts += this.softTexts;
    }
    const keptSoft = this.softTexts > 0 && !softOnly;
    const tally = this.tallyAtFinish || softOnly ? tallyTexts(values) : this.tally;
    this.tally = new TextTally();
    const missing = this.missingTexts;
    const unique = tally.size;
    const present = values.length - missing;
    const type = present === 0 ? 'text' : unique <= MAX_CATEGORIES && unique < present ? 'category' : unique === present ? 'id' : 'text';
    const info: ColumnInfo = { name: this.name, type, missing, unique };
    if (type !== 'id') info.top = tally instanceof TextTally ? topCategories(tally.values, tally.counts) : topCategories(tally.values(), tally.counts());
    if (type !== 'category') info.excludedByDefault = true;
    info.missingMarkers = keptSoft ? withoutSoft(this.markers.list) : this.markers.list;
    const exclusion = columnExclusion(info, undefined, ID_NAME.test(this.name));
    if (exclusion) {
      info.exclusion = exclusion;
      info.excludedByDefault = true;
    }
    const warning = this.fellBack
      ? `Column "${this.name}" started with numbers but has ${this.strayCount} non-numeric cells; it was read as text.`
      : keptSoft
        ? `Column "${this.name}": ${this.softTexts} cell(s) read "None" beside other values, so "None" is kept as one of its values, not as missing.`
        : undefined;
    return { column: { name: this.name, type, values }, info, warning };
  }
}

/** The ASCII text b[start, end) trimmed as String.prototype.trim would; undefined if not ASCII. */
function asciiTrimmed(b: Buffer, start: number, end: number): string | undefined {
  while (start < end && isAsciiSpace(b[start]!)) start++;
  while (end > start && isAsciiSpace(b[end - 1]!)) end--;
  for (let i = start; i < end; i++) if (b[i]! >= 128) return undefined;
  return b.toString('latin1', start, end);
}

function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** How pushField reads a field: decode it and apply the string rules, or read it from bytes. */
type ByteMode = 0 | 1 | 2;
const ByteMode = { Decoded: 0, PlainNumber: 1, Text: 2 } as const;

function byteModeFor(lane: Lane, plainDecimal: number): ByteMode {
  if (lane.kind === 'text') return ByteMode.Text;
  return lane.kind === 'number' && plainDecimal >= 0 ? ByteMode.PlainNumber : ByteMode.Decoded;
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
