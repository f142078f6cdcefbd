// A save either lands whole or not at all: short writes are continued, a full disk leaves the old
// file and no temp behind, and the error names the folder and the space needed — on a real
// 64 KB tmpfs as well as with ENOSPC injected from the file layer.
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nodeFileLayer, writeFileAtomic, type WritableFileLayer } from '../../../electron/engine/store/atomicFile';
import { tempDir } from '../helpers';

/** The real file layer, but each write takes at most `chunk` bytes; after `budget` bytes, ENOSPC. */
function stingyLayer(chunk: number, budget = Infinity): WritableFileLayer & { calls: number } {
  let left = budget;
  const layer = {
    calls: 0,
    ...nodeFileLayer,
    async open(file: string, flags: number, mode: number) {
      const handle = await nodeFileLayer.open(file, flags, mode);
      return {
        write: async (buffer: Uint8Array, offset: number, length: number) => {
          layer.calls++;
          const n = Math.min(chunk, length, left);
          if (n <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
          left -= n;
          return handle.write(buffer, offset, n);
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
  return layer;
}

const record = (size: number) => JSON.stringify({ schemaVersion: 1, payload: 'x'.repeat(size) });

describe('atomic writes', () => {
  it('continues after short writes until every byte is on disk', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'run.json');
    const text = record(15_000);
    const layer = stingyLayer(4096);
    await writeFileAtomic(file, text, layer);
    expect(await readFile(file, 'utf8')).toBe(text);
    expect(layer.calls).toBeGreaterThan(3); // really was written in pieces
    expect(await readdir(dir)).toEqual(['run.json']);
  });

  it('on ENOSPC mid-write keeps the old file, removes the temp and names the folder and size', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'run.json');
    await writeFile(file, record(10));
    const error = await writeFileAtomic(file, record(15_000), stingyLayer(4096, 4096)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'disk-full', place: { file: dir } });
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toMatch(/14\.\d KB needed/);
    expect(await readFile(file, 'utf8')).toBe(record(10));
    expect(await readdir(dir)).toEqual(['run.json']);
  });
});

// A real full disk: a 64 KB tmpfs (needs root, as in this container; skipped elsewhere).
const mountPoint = path.join('/tmp', `regula-tmpfs-${process.pid}`);
let mounted = false;
beforeAll(async () => {
  await mkdir(mountPoint, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false; // not root or no mount(8): the injected-ENOSPC tests above still run
  }
});
afterAll(async () => {
  if (mounted) execFileSync('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

describe('atomic writes on a full tmpfs', () => {
  it('never renames a torn record into place', async (ctx) => {
    if (!mounted) ctx.skip();
    const file = path.join(mountPoint, 'sweep.json');
    await writeFileAtomic(file, record(100));
    await writeFile(path.join(mountPoint, 'filler'), Buffer.alloc(40 * 1024));
    const error = await writeFileAtomic(file, record(30_000)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'disk-full', place: { file: mountPoint } });
    expect(await readFile(file, 'utf8')).toBe(record(100)); // the old record, whole
    expect((await readdir(mountPoint)).sort()).toEqual(['filler', 'sweep.json']);
    await rm(path.join(mountPoint, 'filler'));
    await writeFileAtomic(file, record(30_000)); // with space again, the same write succeeds
    expect(JSON.parse(await readFile(file, 'utf8')).payload).toHaveLength(30_000);
  });

  it('on a read-only disk names the folder and keeps the old file', async (ctx) => {
    if (!mounted) ctx.skip();
    const file = path.join(mountPoint, 'run.json');
    await writeFileAtomic(file, record(10));
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    try {
      const error = await writeFileAtomic(file, record(2000)).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'read-only', place: { file: mountPoint } });
      expect((error as Error).message).toMatch(/read-only disk \(2\.0 KB to write\)/);
      expect(await readFile(file, 'utf8')).toBe(record(10));
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    }
  });
});
