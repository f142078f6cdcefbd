// Checks a zip container (XLSX, ODS) before any spreadsheet library inflates it: a workbook of a
// few hundred KB can inflate to gigabytes (SheetJS used 686 MB on a 311 KB file that inflated to
// 300 MB). We inflate it once, streaming and counting, and stop at the first limit crossed.
import { inflateRawSync } from 'node:zlib';
import { Unzip } from 'fflate';

/** Total bytes all entries may inflate to. */
export const MAX_INFLATED_BYTES = 512 * 1024 * 1024;
/** Apache POI's rule: an entry inflating to more than 100× its compressed size is refused. */
export const MAX_INFLATE_RATIO = 100;
/** Small entries may compress better than that without harm (POI checks the ratio similarly late). */
const RATIO_GRACE_BYTES = 1024 * 1024;

export interface ZipProblem {
  code: string;
  message: string;
}

/**
 * `bytes` is the whole file; `keep` picks the entries whose inflated bytes to return, so a reader
 * need not inflate them a second time.
 */
export function checkZip(bytes: Uint8Array, keep: (name: string) => boolean = () => false): { entries: string[]; problem?: ZipProblem; files: Map<string, Uint8Array> } {
  if (!hasEndOfCentralDirectory(bytes)) {
    return { entries: [], files: new Map(), problem: { code: 'truncated', message: 'is truncated or damaged (its zip directory is missing) — save or download it again' } };
  }
  const entries: string[] = [];
  const files = new Map<string, Uint8Array>();
  let total = 0;
  let problem: ZipProblem | undefined;
  const unzip = new Unzip((file) => {
    entries.push(file.name);
    let inflated = 0;
    const chunks: Uint8Array[] | undefined = keep(file.name) ? [] : undefined;
    file.ondata = (err, chunk, final) => {
      if (problem) return;
      if (err instanceof LimitReached) {
        // Stopped at a limit before inflating further: count what it would have passed.
        inflated += err.bytes;
        total += err.bytes;
      } else if (err) {
        problem = { code: 'truncated', message: `is damaged: ${file.name} inside it cannot be unpacked (${err.message})` };
        file.terminate();
        return;
      }
      if (chunk) {
        inflated += chunk.length;
        total += chunk.length;
        chunks?.push(chunk);
      }
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
  // Node's zlib inflates several times faster than fflate's streaming inflater. It takes a whole
  // entry at once, so its output is capped at the first limit the entry could cross: a bomb still
  // stops there, not after inflating.
  class ZlibInflate {
    static compression = 8;
    ondata: (err: Error | null, data: Uint8Array | null, final: boolean) => void = () => {};
    chunks: Uint8Array[] = [];
    /** `size` is the packed size, when the header gives it. */
    size: number | undefined;
    constructor(_name: string, size?: number) {
      this.size = size;
    }
    push(chunk: Uint8Array, final: boolean): void {
      this.chunks.push(chunk);
      if (!final) return;
      const input = join(this.chunks, this.chunks.reduce((n, c) => n + c.length, 0));
      this.chunks = [];
      const byRatio = Math.max(RATIO_GRACE_BYTES, this.size ? MAX_INFLATE_RATIO * this.size : MAX_INFLATE_RATIO * bytes.length - total);
      const cap = Math.max(0, Math.min(byRatio, MAX_INFLATED_BYTES - total));
      let out;
      try {
        out = inflateRawSync(input, { maxOutputLength: cap + 1 });
      } catch (err) {
        this.ondata((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? new LimitReached(cap + 1) : (err as Error), null, true);
        return;
      }
      this.ondata(null, out, true);
    }
  }
  unzip.register(ZlibInflate);
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

class LimitReached extends Error {
  readonly bytes: number;
  constructor(bytes: number) {
    super('a limit was reached');
    this.bytes = bytes;
  }
}

function join(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A zip ends with an "end of central directory" record; a cut-off download does not. */
function hasEndOfCentralDirectory(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 65557);
  for (let i = bytes.length - 22; i >= from; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) return true;
  }
  return false;
}
