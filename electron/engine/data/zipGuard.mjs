// @ts-check
// Checks a zip container (XLSX, ODS) before any spreadsheet library inflates it: a workbook of a
// few hundred KB can inflate to gigabytes (SheetJS used 686 MB on a 311 KB file that inflated to
// 300 MB). We inflate it once, streaming and counting, and stop at the first limit crossed.
// Plain JavaScript so the workbook worker can load it without a TypeScript loader.
import { Unzip, UnzipInflate } from 'fflate';

/** Total bytes all entries may inflate to. */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;
/** Apache POI's rule: an entry inflating to more than 100× its compressed size is refused. */
export const MAX_INFLATE_RATIO = 100;
/** Small entries may compress better than that without harm (POI checks the ratio similarly late). */
const RATIO_GRACE_BYTES = 1024 * 1024;

/**
 * @typedef {{ code: string, message: string }} ZipProblem
 * @param {Uint8Array} bytes the whole file
 * @param {(name: string) => boolean} [keep] entries whose inflated bytes to return, so a reader
 *   need not inflate them a second time
 * @returns {{ entries: string[], problem?: ZipProblem, files: Map<string, Uint8Array> }}
 */
export function checkZip(bytes, keep = () => false) {
  if (!hasEndOfCentralDirectory(bytes)) {
    return { entries: [], files: new Map(), problem: { code: 'truncated', message: 'is truncated or damaged (its zip directory is missing) — save or download it again' } };
  }
  /** @type {string[]} */
  const entries = [];
  /** @type {Map<string, Uint8Array>} */
  const files = new Map();
  let total = 0;
  /** @type {ZipProblem | undefined} */
  let problem;
  const unzip = new Unzip((file) => {
    entries.push(file.name);
    let inflated = 0;
    /** @type {Uint8Array[] | undefined} */
    const chunks = keep(file.name) ? [] : undefined;
    file.ondata = (err, chunk, final) => {
      if (problem) return;
      if (err) {
        problem = { code: 'truncated', message: `is damaged: ${file.name} inside it cannot be unpacked (${err.message})` };
        file.terminate();
        return;
      }
      inflated += chunk.length;
      total += chunk.length;
      chunks?.push(chunk);
      if (total > MAX_INFLATED_BYTES) {
        problem = { code: 'zip-bomb', message: `unpacks to more than ${MAX_INFLATED_BYTES / 1048576} MB (the limit MAX_INFLATED_BYTES); it is refused to protect memory` };
        file.terminate();
      } else if (
        inflated > RATIO_GRACE_BYTES &&
        // Entries written with a data descriptor carry no packed size: judge the whole archive.
        (file.size ? inflated > MAX_INFLATE_RATIO * file.size : total > MAX_INFLATE_RATIO * bytes.length)
      ) {
        problem = { code: 'zip-bomb', message: `has a part (${file.name}) that unpacks to more than ${MAX_INFLATE_RATIO} times its packed size (the limit MAX_INFLATE_RATIO, as in Apache POI); it looks like a zip bomb and is refused` };
        file.terminate();
      }
      if (final && chunks && !problem) files.set(file.name, join(chunks, inflated));
    };
    if (!problem) file.start();
  });
  unzip.register(UnzipInflate);
  try {
    // Feed in slices so a limit stops the work early instead of after the whole file.
    const step = 1 << 20;
    for (let at = 0; at < bytes.length && !problem; at += step) {
      unzip.push(bytes.subarray(at, Math.min(bytes.length, at + step)), at + step >= bytes.length);
    }
  } catch (err) {
    problem ??= { code: 'truncated', message: `is damaged and cannot be unpacked (${err instanceof Error ? err.message : String(err)})` };
  }
  return problem ? { entries, problem, files: new Map() } : { entries, files };
}

/** @param {Uint8Array[]} chunks @param {number} length */
function join(chunks, length) {
  if (chunks.length === 1) return /** @type {Uint8Array} */ (chunks[0]);
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A zip ends with an "end of central directory" record; a cut-off download does not. */
function hasEndOfCentralDirectory(bytes) {
  const from = Math.max(0, bytes.length - 65557);
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) return true;
  }
  return false;
}
