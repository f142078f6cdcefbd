// Files a page sends arrive here in chunks and are written to a private temporary folder as they
// come, so neither side ever holds a whole file in memory. A chunk must continue exactly where the
// last one ended (the page waits for each ack), which keeps the file ordered and the memory bounded
// by one chunk per upload.
import { open, mkdtemp, rm, type FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CHUNK_BYTES } from '../../shared/wire';
import { RegulaError } from '../engine/index';

interface Upload {
  fileName: string;
  size: number;
  received: number;
  dir: string;
  file: string;
  handle: FileHandle | undefined;
  /** Chunks are written one after another, in the order they arrive. */
  queue: Promise<unknown>;
  idle: NodeJS.Timeout;
}

export interface FinishedUpload {
  file: string;
  fileName: string;
  /** Removes the temporary copy; call once the engine is done with it. */
  discard(): Promise<void>;
}

const MAX_OPEN_UPLOADS = 4;
// An upload the page stopped feeding (closed tab, crash) is removed after this long.
const IDLE_MS = 10 * 60 * 1000;

export class Uploads {
  private readonly open = new Map<string, Upload>();
  private counter = 0;

  constructor(private readonly tempRoot: string = os.tmpdir()) {}

  async begin(fileName: string, size: number): Promise<{ uploadId: string; chunkBytes: number }> {
    if (this.open.size >= MAX_OPEN_UPLOADS) {
      throw new RegulaError('upload-busy', `${MAX_OPEN_UPLOADS} files are already being sent; wait for one to finish.`);
    }
    const baseName = path.basename(fileName.replace(/\\/g, '/')).replace(/\0/g, '') || 'upload';
    const dir = await mkdtemp(path.join(this.tempRoot, 'regula-upload-'));
    const file = path.join(dir, baseName);
    const uploadId = `u-${Date.now().toString(36)}-${(this.counter++).toString(36)}`;
    const handle = await open(file, 'wx');
    const upload: Upload = { fileName: baseName, size, received: 0, dir, file, handle, queue: Promise.resolve(), idle: this.idleTimer(uploadId) };
    this.open.set(uploadId, upload);
    return { uploadId, chunkBytes: CHUNK_BYTES };
  }

  /** Writes one chunk; resolves with the bytes received so far. */
  write(uploadId: string, offset: number, bytes: Uint8Array): Promise<number> {
    const upload = this.get(uploadId);
    const result = upload.queue.then(async () => {
      if (!this.open.has(uploadId) || !upload.handle) throw new RegulaError('upload-gone', `The upload of ${upload.fileName} was stopped.`);
      if (bytes.length > CHUNK_BYTES) throw new RegulaError('upload-chunk', `A chunk of ${upload.fileName} was larger than ${CHUNK_BYTES} bytes.`);
      if (offset !== upload.received) {
        throw new RegulaError('upload-order', `A chunk of ${upload.fileName} arrived out of order (at byte ${offset}, expected ${upload.received}).`);
      }
      if (upload.received + bytes.length > upload.size) {
        throw new RegulaError('upload-size', `${upload.fileName} is larger than the ${upload.size} bytes announced.`);
      }
      let written = 0;
      while (written < bytes.length) {
        const { bytesWritten } = await upload.handle.write(bytes, written, bytes.length - written, upload.received + written);
        written += bytesWritten;
      }
      upload.received += bytes.length;
      upload.idle.refresh();
      return upload.received;
    });
    upload.queue = result.catch(() => undefined);
    // A failed chunk ends the upload: its temporary file is removed and later chunks are refused.
    result.catch(() => this.cancel(uploadId));
    return result;
  }

  /** The finished file, handed over to the caller (who must `discard()` it). */
  async take(uploadId: string): Promise<FinishedUpload> {
    const upload = this.get(uploadId);
    await upload.queue;
    if (upload.received !== upload.size) {
      await this.cancel(uploadId);
      throw new RegulaError('upload-incomplete', `${upload.fileName} arrived incomplete (${upload.received} of ${upload.size} bytes).`, { file: upload.fileName });
    }
    this.open.delete(uploadId);
    clearTimeout(upload.idle);
    await upload.handle?.close();
    upload.handle = undefined;
    return { file: upload.file, fileName: upload.fileName, discard: () => rm(upload.dir, { recursive: true, force: true }) };
  }

  async cancel(uploadId: string): Promise<void> {
    const upload = this.open.get(uploadId);
    if (!upload) return;
    this.open.delete(uploadId);
    clearTimeout(upload.idle);
    await upload.queue;
    await upload.handle?.close();
    upload.handle = undefined;
    await rm(upload.dir, { recursive: true, force: true });
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.cancel(id)));
  }

  private get(uploadId: string): Upload {
    const upload = this.open.get(uploadId);
    if (!upload) throw new RegulaError('unknown-upload', 'That upload is not in progress (it finished, was cancelled or timed out); send the file again.');
    return upload;
  }

  private idleTimer(uploadId: string): NodeJS.Timeout {
    const timer = setTimeout(() => void this.cancel(uploadId), IDLE_MS);
    timer.unref();
    return timer;
  }
}
