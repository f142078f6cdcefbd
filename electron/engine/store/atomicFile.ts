// Every project write goes through here: temp file + fsync + rename (atomically retries the
// Windows EPERM/EBUSY races), then an fsync of the folder so the rename itself survives a crash.
// A killed save leaves the old file or the new one, never half of one.
import { open } from 'node:fs/promises';
import path from 'node:path';
import { writeFile } from 'atomically';

export async function writeFileAtomic(filePath: string, data: string | Uint8Array): Promise<void> {
  await writeFile(filePath, data, { fsync: true, fsyncWait: true, tmpPurge: true });
  await fsyncFolder(path.dirname(filePath));
}

export async function writeJsonAtomic(filePath: string, value: unknown): Promise<void> {
  await writeFileAtomic(filePath, JSON.stringify(value, null, 2) + '\n');
}

async function fsyncFolder(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; there NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
