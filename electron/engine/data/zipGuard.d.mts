// Types for zipGuard.mjs (plain JavaScript so the workbook worker runs without a loader).
export declare const MAX_INFLATED_BYTES: number;
export declare const MAX_INFLATE_RATIO: number;
export interface ZipProblem {
  code: string;
  message: string;
}
export declare function checkZip(bytes: Uint8Array, keep?: (name: string) => boolean): { entries: string[]; problem?: ZipProblem; files: Map<string, Uint8Array> };
