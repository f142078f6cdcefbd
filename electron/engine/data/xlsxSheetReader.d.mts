// Types for xlsxSheetReader.mjs (plain JavaScript so the workbook worker runs without a loader).
import type { SheetCells } from './sheetCells.mjs';

export declare class UnsupportedWorkbook extends Error {}

export interface XlsxRules {
  builtinFormats: Record<number, string>;
  isDateFormat: (format: string) => boolean;
  serialToIso: (serial: number, date1904: boolean) => string;
}

export declare function readXlsxSheets(files: Map<string, Uint8Array>, wanted: string | undefined, rules: XlsxRules): { sheets: string[]; sheet?: string; cells?: SheetCells };
