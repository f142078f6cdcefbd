// One writer per project: a lock file (proper-lockfile, refreshed while held, stale after the
// holder dies) so a second window, CLI or app instance cannot write the same folder.
import lockfile from 'proper-lockfile';
import path from 'node:path';
import { RegulaError } from '../errors';

export type ReleaseLock = () => Promise<void>;

export async function lockProject(dir: string): Promise<ReleaseLock> {
  try {
    return await lockfile.lock(dir, {
      lockfilePath: path.join(dir, '.regula.lock'),
      stale: 30_000,
      update: 10_000,
      retries: 0,
      realpath: false,
      // The lock can be lost if the folder is deleted or moved under us; that must not crash the
      // app (proper-lockfile throws by default). Writes will then fail with their own clear errors.
      onCompromised: (err) => console.warn(`Regula: lost the lock on ${dir}: ${err.message}`),
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new RegulaError(
        'project-locked',
        `The project ${dir} is already open in another Regula window or process. Close it there first.`,
        { file: dir },
      );
    }
    throw new RegulaError('lock-failed', `Cannot lock the project ${dir}: ${(err as Error).message}`, { file: dir });
  }
}
