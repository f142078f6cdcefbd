// Shared test helpers: fresh temporary folders and the committed fixture files.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const fixturesDir = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const engineFixture = (name: string) => path.join(fixturesDir, 'engine', name);
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const created: string[] = [];
afterEach(async () => {
  await Promise.all(created.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

export async function tempDir(prefix = 'regula-test-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** Every file under dir with its bytes, to prove an operation changed nothing on disk. */
export async function snapshotTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string) => {
    for (const name of await readdir(d)) {
      const p = path.join(d, name);
      if ((await stat(p)).isDirectory()) await walk(p);
      else if (name !== '.regula.lock') out.set(path.relative(dir, p), (await readFile(p)).toString('base64'));
    }
  };
  await walk(dir);
  return out;
}
