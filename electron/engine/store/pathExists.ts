// Whether something is at a path. Only "nothing there" (ENOENT) is false: a folder we may not read
// or a failing disk is reported, never mistaken for "does not exist" (which could lead to
// overwriting it). With followLinks false a symlink counts as existing, wherever it points.
import { lstat, stat } from 'node:fs/promises';

export async function pathExists(p: string, options: { followLinks?: boolean } = {}): Promise<boolean> {
  try {
    await (options.followLinks === false ? lstat(p) : stat(p));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}
