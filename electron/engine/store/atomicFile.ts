// Every project write goes through here: the whole buffer into a temp file beside the target
// (looping on short writes), fsync, rename over the target, fsync the folder so the rename itself
// survives a crash. A killed or failed save leaves the old file or the new one, never half of one.
// Our own code rather than the `atomically` package: it made one fs.write without checking the
// bytes written, so on a full disk a 15 KB record was renamed into place as its first 4,096 bytes.
import { constants } from 'node:fs';
import * as fs from 'node:fs/promises';
import path from 'node:path';
import { RegulaError } from '../errors';

/** The few file operations the writer needs, so tests can inject short writes and ENOSPC. */
export interface WritableFileLayer {
  open(file: string, flags: number, mode: number): Promise<WritableHandle>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  openFolder(dir: string): Promise<{ sync(): Promise<void>; close(): Promise<void> }>;
}

export interface WritableHandle {
  write(buffer: Uint8Array, offset: number, length: number): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeFileLayer: WritableFileLayer = {
  open: (file, flags, mode) => fs.open(file, flags, mode),
  rename: (from, to) => fs.rename(from, to),
  unlink: (file) => fs.unlink(file),
  openFolder: (dir) => fs.open(dir, 'r'),
};

/** Marks our temp files; recovery on open removes any left behind by a killed process. */
export const TEMP_MARK = '.tmp-';
let tempCounter = 0;

export async function writeFileAtomic(filePath: string, data: string | Uint8Array, layer: WritableFileLayer = nodeFileLayer): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const stream = await openAtomicStream(filePath, layer, bytes.byteLength);
  try {
    await stream.write(bytes);
  } catch (err) {
    await stream.abort();
    throw err;
  }
  await stream.commit();
}

/**
 * A file written in pieces with the same guarantee as writeFileAtomic: the pieces go into a temp
 * file beside the target, and only `commit()` (fsync, rename, fsync the folder) makes it appear,
 * so a large output (predictions for a million rows) never has to be one buffer. A failed write
 * removes the temp file; `abort()` does the same for a caller that gives up.
 */
export interface AtomicStream {
  write(data: string | Uint8Array): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

/** `bytesExpected` (when known) sizes the message of a failure before every byte was offered. */
export async function openAtomicStream(filePath: string, layer: WritableFileLayer = nodeFileLayer, bytesExpected = 0): Promise<AtomicStream> {
  const dir = path.dirname(filePath);
  const temp = `${filePath}${TEMP_MARK}${process.pid}-${(tempCounter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  let handle: WritableHandle | undefined;
  let written = 0;
  const fail = async (err: unknown, bytesNeeded: number): Promise<never> => {
    if (handle) await handle.close().catch(() => undefined); // the write error below is the one to report
    handle = undefined;
    await layer.unlink(temp).catch(() => undefined); // ENOENT when open itself failed: nothing to remove
    throw writeError(err, filePath, Math.max(bytesNeeded, bytesExpected));
  };
  try {
    // O_EXCL: a temp name that exists already is never shared with another writer.
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL;
    try {
      handle = await layer.open(temp, flags, 0o644);
    } catch (err) {
      // A folder not made yet (the app's state folder on first start): create it, as callers
      // expect of a save; a project folder removed under us is caught by its lock check first.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await fs.mkdir(dir, { recursive: true });
      handle = await layer.open(temp, flags, 0o644);
    }
  } catch (err) {
    return fail(err, 0);
  }
  return {
    async write(data) {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      if (!handle) throw new RegulaError('write-failed', `Cannot save ${path.basename(filePath)}: the file was already closed.`, { file: dir });
      try {
        let offset = 0;
        while (offset < bytes.byteLength) {
          const { bytesWritten } = await handle.write(bytes, offset, bytes.byteLength - offset);
          // A write that makes no progress would loop forever; the disk is full in all but name.
          if (bytesWritten <= 0) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
          offset += bytesWritten;
        }
        written += bytes.byteLength;
      } catch (err) {
        await fail(err, written + bytes.byteLength);
      }
    },
    async commit() {
      if (!handle) throw new RegulaError('write-failed', `Cannot save ${path.basename(filePath)}: the file was already closed.`, { file: dir });
      try {
        await handle.sync();
        await handle.close();
        handle = undefined;
        await renameWithRetry(layer, temp, filePath);
      } catch (err) {
        await fail(err, written);
      }
      await fsyncFolder(dir, layer);
    },
    async abort() {
      if (handle) await handle.close().catch(() => undefined);
      handle = undefined;
      await layer.unlink(temp).catch(() => undefined);
    },
  };
}

export async function writeJsonAtomic(filePath: string, value: unknown, layer?: WritableFileLayer): Promise<void> {
  await writeFileAtomic(filePath, JSON.stringify(value, null, 2) + '\n', layer);
}

/** A failed write as a message that names the folder and, for a full disk, the space needed. */
export function writeError(err: unknown, filePath: string, bytesNeeded: number): RegulaError {
  if (err instanceof RegulaError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  const dir = path.dirname(filePath);
  const name = path.basename(filePath);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new RegulaError('disk-full', `Cannot save ${name} in ${dir}: the disk is full (${formatBytes(bytesNeeded)} needed). Free some space and try again; nothing was half-written.`, { file: dir });
    case 'EROFS':
      return new RegulaError('read-only', `Cannot save ${name} in ${dir}: the folder is on a read-only disk (${formatBytes(bytesNeeded)} to write).`, { file: dir });
    case 'EACCES':
    case 'EPERM':
      return new RegulaError('permission-denied', `Cannot save ${name} in ${dir}: permission denied (${formatBytes(bytesNeeded)} to write).`, { file: dir });
    case 'ENOENT':
      return new RegulaError('folder-missing', `Cannot save ${name}: the folder ${dir} no longer exists (was the project moved or deleted?).`, { file: dir });
    default:
      return new RegulaError('write-failed', `Cannot save ${name} in ${dir}: ${(err as Error).message}`, { file: dir });
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

async function renameWithRetry(layer: WritableFileLayer, from: string, to: string): Promise<void> {
  // Windows refuses a rename over a file that an antivirus or indexer holds open for a moment.
  for (let attempt = 0; ; attempt++) {
    try {
      await layer.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const transient = process.platform === 'win32' && (code === 'EPERM' || code === 'EACCES' || code === 'EBUSY');
      if (!transient || attempt >= 10) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20 * (attempt + 1)));
    }
  }
}

async function fsyncFolder(dir: string, layer: WritableFileLayer): Promise<void> {
  // Windows cannot open a directory for fsync; there NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await layer.openFolder(dir);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync of a folder, so a rename into it (a model folder put in place) survives a crash. */
export async function syncFolder(dir: string, layer: WritableFileLayer = nodeFileLayer): Promise<void> {
  await fsyncFolder(dir, layer);
}

/** A failed file-system call during a save, as writeError names it; other errors pass unchanged. */
export function asWriteError(err: unknown, filePath: string, bytesNeeded: number): unknown {
  return typeof (err as NodeJS.ErrnoException | undefined)?.code === 'string' && !(err instanceof RegulaError) ? writeError(err, filePath, bytesNeeded) : err;
}
