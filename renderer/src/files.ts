// Reads a picked or dropped file as base64 for `dataset:import`; the renderer never sees its path.
// The file is read in slices whose length is a multiple of 3, so each slice's base64 joins without
// padding; awaiting each slice hands the event loop back, so a 500 MB file neither freezes the page
// nor builds one giant binary string, and the caller gets progress and can stop the read.
// In a browser FileReader encodes each slice natively (about twice as fast as String.fromCharCode +
// btoa, measured in Chromium on 15 MB: 0.64 s against 1.25 s); elsewhere (unit tests) the JS path.
const SLICE_BYTES = 3 * 512 * 1024;
const CHARS_PER_CALL = 0x8000;

export interface ReadOptions {
  /** Fraction of the file read so far, 0…1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

/** Raised when the read was stopped through `signal`. */
export class ReadCancelled extends Error {
  constructor(fileName: string) {
    super(`Reading ${fileName} was cancelled.`);
    this.name = 'ReadCancelled';
  }
}

export async function readFileAsBase64(file: Blob, options: ReadOptions = {}): Promise<string> {
  const name = file instanceof File ? file.name : 'the file';
  const parts: string[] = [];
  for (let start = 0; start < file.size; start += SLICE_BYTES) {
    if (options.signal?.aborted) throw new ReadCancelled(name);
    const slice = file.slice(start, start + SLICE_BYTES);
    const Reader = (globalThis as { FileReader?: ReaderClass }).FileReader;
    parts.push(Reader ? await sliceBase64Native(Reader, slice) : await sliceBase64(slice));
    options.onProgress?.(Math.min(1, (start + slice.size) / file.size));
  }
  if (options.signal?.aborted) throw new ReadCancelled(name);
  return parts.join('');
}

// Typed structurally: the engine's typecheck compiles this file too, without the DOM library.
type ReaderClass = new () => {
  result: unknown;
  error: unknown;
  onload: (() => void) | null;
  onerror: (() => void) | null;
  readAsDataURL(blob: Blob): void;
};

function sliceBase64Native(Reader: ReaderClass, slice: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new Reader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error instanceof Error ? reader.error : new Error('The file could not be read.'));
    reader.readAsDataURL(slice);
  });
}

async function sliceBase64(slice: Blob): Promise<string> {
  const bytes = new Uint8Array(await slice.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += CHARS_PER_CALL) binary += String.fromCharCode(...bytes.subarray(i, i + CHARS_PER_CALL));
  return btoa(binary);
}
