// A file's SHA-256, computed on a worker thread so an import can hash the file while it parses
// it: hashing a 213 MB CSV after the parse took 0.94 s of the main thread (read again and
// digested in JavaScript's thread), a fifth of `regula train`'s time after the import. The
// thread only reads and digests; any failure to start one falls back to hashing here.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Worker } from 'node:worker_threads';

// Plain CommonJS run with { eval: true }: no file to find next to a bundle.
const HASHER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
(async () => {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(workerData)) hash.update(chunk);
  parentPort.postMessage({ hex: hash.digest('hex') });
})().catch((err) => parentPort.postMessage({ error: { message: err.message, code: err.code } }));
`;

export async function fileSha256Here(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export interface FileHashing {
  /** The hex digest; rejects as reading the file would (ENOENT, EACCES…). */
  digest: Promise<string>;
  /** Stops the thread (an import that failed or was cancelled no longer needs the hash). */
  stop(): void;
}

export function startFileSha256(file: string): FileHashing {
  let worker: Worker;
  try {
    worker = new Worker(HASHER, { eval: true, workerData: file });
  } catch {
    return { digest: fileSha256Here(file), stop: () => {} };
  }
  const digest = new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { hex?: string; error?: { message: string; code?: string } }) => {
      if (message.hex) resolve(message.hex);
      else reject(Object.assign(new Error(message.error?.message ?? 'hashing failed'), { code: message.error?.code }));
      void worker.terminate();
    });
    // A thread that could not run at all: hash here instead.
    worker.once('error', () => resolve(fileSha256Here(file)));
    worker.once('exit', () => reject(new Error(`hashing ${file} stopped`)));
  });
  // Nobody may be waiting (stopped imports): a rejection must not go unhandled.
  digest.catch(() => {});
  return { digest, stop: () => void worker.terminate() };
}

/** Content hash, so re-importing the same file into a project can reuse the stored copy. */
export function fileSha256(file: string): Promise<string> {
  return startFileSha256(file).digest;
}
