// Turns a stream of rows (from any format) into a columnar Table: holds the first rows back to
// find the header and decide each column's kind and the number notation, then streams the rest
// straight into typed columns. Ragged rows, too many columns and missing data are reported here.
import type { ColumnInfo, MissingMarkerSettings } from '../../../shared/domain';
import { markersFor } from './missingMarkers';
import { RegulaError } from '../errors';
import type { NumberNotation } from './cells';
import { ColumnBuilder } from './columnBuilder';
import { StatsScratch } from './columnStats';
import { chooseLane, type SourceCell } from './columnKind';
import type { FieldRecord } from './csvTokenizer';
import { detectNotation } from './dialect';
import { isBlankBytes } from './fieldBytes';
import { findHeaderIndex, looksLikeData, uniqueNames, type SampledRow } from './headerRow';
import type { Table } from './table';

/** Rows held back to decide column kinds; the header is looked for in the first HEADER_WINDOW. */
const SAMPLE_ROWS = 1000;
const HEADER_WINDOW = 30;
/** More columns than this is not a table an analyst trains on (and would exhaust the preview). */
export const MAX_COLUMNS = 5000;

export interface AssemblerSettings {
  fileName: string;
  /** Workbooks: named in messages after the file. */
  sheet?: string;
  notation?: NumberNotation;
  /** 1-based source row of the header; 0 = the file has no header row. */
  headerRow?: number;
  expectedRows?: number;
  /** Delimited text: warn when a row has fewer fields than the header (workbooks omit empty cells). */
  warnShortRows?: boolean;
  missingMarkers?: MissingMarkerSettings | undefined;
  /** Told the number notation once the sample has decided it (the tokenizer reads numbers in it). */
  onNotation?: (notation: NumberNotation) => void;
}

export interface AssembledTable {
  table: Table;
  columns: ColumnInfo[];
  warnings: string[];
  headerRow: number;
  notation: NumberNotation;
}

export class TableAssembler {
  private sample: SampledRow[] = [];
  private builders: ColumnBuilder[] | undefined;
  private width = 0;
  private headerRow = 0;
  private notation: NumberNotation = { decimal: '.', thousands: '' };
  private rowCount = 0;
  private shortRows = 0;
  private firstShortRow = 0;

  constructor(private readonly settings: AssemblerSettings) {}

  /** How messages name the source: the file, and the sheet for workbooks. */
  private get source(): string {
    const { fileName, sheet } = this.settings;
    return sheet === undefined ? fileName : `${fileName} (sheet "${sheet}")`;
  }

  push(cells: SourceCell[], sourceRow: number): void {
    if (isBlank(cells)) return;
    if (this.builders) {
      this.addRow(cells, sourceRow);
      return;
    }
    this.sample.push({ cells, sourceRow });
    if (this.sample.length >= SAMPLE_ROWS) this.start();
  }

  /**
   * A delimited record as byte ranges. Past the sample its fields go to the columns without
   * becoming a row of strings: number cells are parsed from their bytes.
   */
  pushRecord(record: FieldRecord): void {
    if (!this.builders) {
      const cells: string[] = new Array<string>(record.count);
      for (let i = 0; i < record.count; i++) cells[i] = record.text(i);
      this.push(cells, record.line);
      return;
    }
    const count = record.count;
    let length = count;
    while (length > 0 && isBlankField(record, length - 1)) length--;
    if (length === 0) return;
    const builders = this.builders;
    const width = this.width;
    if (length > width) this.raggedRow(length, record.line);
    // As addRow: a row longer than the header only by blank fields may still be short.
    if ((count > width ? length : count) < width && this.settings.warnShortRows) {
      if (this.shortRows++ === 0) this.firstShortRow = record.line;
    }
    const filled = Math.min(count, width);
    for (let c = 0; c < filled; c++) builders[c]!.pushField(record, c);
    for (let c = filled; c < width; c++) builders[c]!.push(null, record.line);
    this.rowCount++;
  }

  private raggedRow(length: number, sourceRow: number): never {
    const { fileName } = this.settings;
    const where = this.headerRow ? `the header (row ${this.headerRow}) has` : 'the first rows have';
    throw new RegulaError('ragged-row', `${this.source}: row ${sourceRow} has ${length} fields but ${where} ${this.width}. Check the delimiter or quoting on that row.`, { file: fileName, row: sourceRow });
  }

  private start(): void {
    const { fileName } = this.settings;
    const sample = this.sample;
    this.sample = [];
    if (sample.length === 0) throw new RegulaError('empty-file', `${this.source} holds no rows.`, { file: fileName });
    this.notation = this.settings.notation ?? detectNotation(stringCells(sample));
    this.settings.onNotation?.(this.notation);
    let headerIndex: number;
    if (this.settings.headerRow !== undefined) {
      headerIndex = this.settings.headerRow === 0 ? -1 : sample.findIndex((r) => r.sourceRow === this.settings.headerRow);
      if (headerIndex < 0 && this.settings.headerRow !== 0) {
        throw new RegulaError('header-row', `${this.source}: row ${this.settings.headerRow} is blank or not among the first ${SAMPLE_ROWS} rows, so it cannot be the header.`, { file: fileName, row: this.settings.headerRow });
      }
    } else {
      headerIndex = findHeaderIndex(sample.slice(0, HEADER_WINDOW));
      const first = sample[headerIndex]!;
      const next = sample[headerIndex + 1];
      if (looksLikeData(first.cells, this.notation) && (!next || looksLikeData(next.cells, this.notation))) headerIndex = -headerIndex - 1;
    }
    // A negative index means "no header; data starts at -index - 1".
    const dataStart = headerIndex >= 0 ? headerIndex + 1 : -headerIndex - 1;
    const header = headerIndex >= 0 ? sample[headerIndex]! : undefined;
    this.headerRow = header?.sourceRow ?? 0;
    const dataRows = sample.slice(dataStart);
    // A header cell may be blank above a filled column ("a,b,\n1,2,3"): such columns count too,
    // up to the fields the header row itself has.
    const dataWidth = (cap: number) => dataRows.reduce((w, r) => Math.max(w, Math.min(cap, trimmedLength(r.cells))), 0);
    this.width = header ? Math.max(trimmedLength(header.cells), dataWidth(header.cells.length)) : dataWidth(Infinity);
    if (this.width > MAX_COLUMNS) {
      throw new RegulaError('too-many-columns', `${this.source} has ${this.width} columns; Regula reads at most ${MAX_COLUMNS} columns (the limit MAX_COLUMNS).`, { file: fileName, row: this.headerRow || undefined });
    }
    if (dataRows.length === 0) {
      throw new RegulaError('no-data-rows', `${this.source} has a header (row ${this.headerRow}) but no data rows below it.`, { file: fileName, row: this.headerRow });
    }
    const names = uniqueNames(header?.cells ?? [], this.width);
    const expected = Math.max(dataRows.length, this.settings.expectedRows ?? 0);
    this.builders = names.map((name, c) => {
      const markers = markersFor(this.settings.missingMarkers, name);
      const lane = chooseLane(dataRows.map((r) => r.cells[c] ?? null), this.notation, markers.isMissing);
      return new ColumnBuilder(name, lane, this.notation, expected, markers);
    });
    for (const r of dataRows) this.addRow(r.cells, r.sourceRow);
  }

  private addRow(cells: SourceCell[], sourceRow: number): void {
    const builders = this.builders!;
    const width = this.width;
    const length = cells.length > width ? trimmedLength(cells) : cells.length;
    if (length > width) this.raggedRow(length, sourceRow);
    if (length < width && this.settings.warnShortRows) {
      if (this.shortRows++ === 0) this.firstShortRow = sourceRow;
    }
    for (let c = 0; c < width; c++) builders[c]!.push(cells[c] ?? null, sourceRow);
    this.rowCount++;
  }

  finish(): AssembledTable {
    if (!this.builders) this.start();
    const warnings: string[] = [];
    if (this.shortRows > 0) {
      warnings.push(`${this.shortRows} row(s) have fewer fields than the header (first at row ${this.firstShortRow}); their missing cells were left empty.`);
    }
    const columns: ColumnInfo[] = [];
    const table: Table = { rowCount: this.rowCount, columns: [] };
    const scratch = new StatsScratch();
    for (const builder of this.builders!) {
      const built = builder.finish(scratch);
      table.columns.push(built.column);
      columns.push(built.info);
      if (built.warning) warnings.push(built.warning);
    }
    this.builders = [];
    return { table, columns, warnings, headerRow: this.headerRow, notation: this.notation };
  }
}

function isEmptyCell(c: SourceCell): boolean {
  return c === null || (typeof c === 'string' && c.trim() === '');
}

function isBlank(cells: readonly SourceCell[]): boolean {
  for (const c of cells) if (!isEmptyCell(c)) return false;
  return true;
}

function isBlankField(record: FieldRecord, i: number): boolean {
  return isBlankBytes(record.bytes, record.starts[i]!, record.ends[i]!) ?? record.text(i).trim() === '';
}

function trimmedLength(cells: readonly SourceCell[]): number {
  let n = cells.length;
  while (n > 0 && isEmptyCell(cells[n - 1]!)) n--;
  return n;
}

function* stringCells(rows: readonly SampledRow[]): Iterable<string> {
  for (const r of rows) for (const c of r.cells) if (typeof c === 'string') yield c;
}
