// Types for sheetCells.mjs (plain JavaScript so the workbook worker runs without a loader).
export type Cell = string | number | boolean | null;

export interface SheetCellsMessage {
  rowNumbers: Int32Array;
  rowEnds: Int32Array;
  columns: Int32Array;
  kinds: Uint8Array;
  numbers: Float64Array;
  texts: string[];
}

export declare class SheetCells {
  rowCount: number;
  cell(row: number, column: number, value: Cell): void;
  finish(): void;
  toMessage(): { message: SheetCellsMessage; transfer: ArrayBuffer[] };
}

export declare function forEachRow(message: SheetCellsMessage, onRow: (cells: Cell[], rowNumber: number) => void): void;
