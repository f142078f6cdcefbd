// The import hashes its file on a worker thread while it parses it: the digest must be the file's
// SHA-256, a file that cannot be read must fail as reading it would, and a stopped hash must not
// leave a rejection nobody handles.
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileSha256, startFileSha256 } from '../../../electron/engine/store/fileHash';
import { tempDir } from '../helpers';

describe('file hashing on a worker thread', () => {
  it("gives the file's SHA-256", async () => {
    const file = path.join(await tempDir(), 'data.csv');
    const bytes = Buffer.from(Array.from({ length: 3 * 65536 + 17 }, (_, i) => (i * 7919) % 256));
    await writeFile(file, bytes);
    expect(await fileSha256(file)).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('fails as reading the file would, naming its code', async () => {
    await expect(fileSha256(path.join(await tempDir(), 'missing.csv'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('can be stopped, and then nothing is left rejecting unheard', async () => {
    const file = path.join(await tempDir(), 'big.bin');
    await writeFile(file, Buffer.alloc(64 * 1024 * 1024));
    const unhandled: unknown[] = [];
    const listener = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', listener);
    try {
      const hashing = startFileSha256(file);
      hashing.stop();
      await expect(hashing.digest).rejects.toThrow(/stopped/);
      await new Promise((r) => setTimeout(r, 50));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
