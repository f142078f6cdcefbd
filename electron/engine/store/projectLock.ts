// One writer per project: .regula.lock names its owner (pid, host, process start time). A lock
// whose owner is gone from this host is taken over at once — no waiting for it to go stale — and
// a live owner is named. Our own lock rather than proper-lockfile: that one knows only an mtime,
// so after a crash the next open was refused for up to 30 s, and a holder paused for longer than
// the stale time silently lost the lock and wrote on. Here a holder that finds the lock is no
// longer its own refuses every further write (assertWritable) and says so.
import { readFileSync } from 'node:fs';
import { link, readFile, rename, rm, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { RegulaError } from '../errors';
import { currentOwner, describeOwner, ownerLiveness, ProcessOwner } from './processOwner';

export const LOCK_FILE = '.regula.lock';
/** A lock from another machine whose holder has not touched it for this long is stale. */
const OTHER_HOST_STALE_MS = 60_000;
const HEARTBEAT_MS = 10_000;

const LockRecord = z.object({ schemaVersion: z.number().int(), owner: ProcessOwner, lockedAt: z.string(), token: z.string() });
type LockRecord = z.infer<typeof LockRecord>;

export interface ProjectLock {
  readonly dir: string;
  /** Set when the lock was taken over from a process that ended without releasing it. */
  readonly notice: string | undefined;
  /** Throws if another process has taken the lock; from then on nothing may be written. */
  assertHeld(): void;
  onLost(listener: (error: RegulaError) => void): void;
  release(): Promise<void>;
}

const held = new Map<string, ProjectLock>();

/** Every store write calls this: a project whose lock this process lost is never written again. */
export function assertWritable(projectDir: string): void {
  held.get(path.resolve(projectDir))?.assertHeld();
}

export async function lockProject(dir: string): Promise<ProjectLock> {
  const lockPath = path.join(dir, LOCK_FILE);
  const record: LockRecord = { schemaVersion: 1, owner: currentOwner(), lockedAt: new Date().toISOString(), token: `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}` };
  const temp = `${lockPath}.tmp-${record.token}`;
  try {
    await removeLegacyLock(lockPath);
    // The record is complete before link() makes it the lock, so no reader ever sees half of it.
    await writeFile(temp, JSON.stringify(record, null, 2) + '\n', { flag: 'wx' });
    let notice: string | undefined;
    try {
      await link(temp, lockPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      notice = await takeOverIfAbandoned(lockPath, dir);
      await rename(temp, lockPath);
    }
    await rm(temp, { force: true });
    // Two processes taking over one abandoned lock at the same moment: the last rename wins.
    if (readToken(lockPath) !== record.token) throw lockedError(dir, await readLock(lockPath));
    return holdLock(dir, lockPath, record, notice);
  } catch (err) {
    await rm(temp, { force: true });
    if (err instanceof RegulaError) throw err;
    throw new RegulaError('lock-failed', `Cannot lock the project ${dir}: ${(err as Error).message}`, { file: dir });
  }
}

/** Returns the notice to show when the holder is gone; throws when it is alive (or may be). */
async function takeOverIfAbandoned(lockPath: string, dir: string): Promise<string> {
  const existing = await readLock(lockPath);
  if (!existing) return `The previous lock on ${dir} was unreadable and has been replaced.`;
  const liveness = ownerLiveness(existing.owner);
  if (liveness === 'gone') {
    return `The previous Regula process (${describeOwner(existing.owner)}) ended unexpectedly; its lock on ${dir} was taken over. Runs it left unfinished are marked interrupted.`;
  }
  if (liveness === 'unknown') {
    const age = Date.now() - (await stat(lockPath)).mtimeMs;
    if (age > OTHER_HOST_STALE_MS) return `The lock held by ${describeOwner(existing.owner)} had not been refreshed for ${Math.round(age / 1000)} s and was taken over.`;
  }
  throw lockedError(dir, existing);
}

function lockedError(dir: string, existing: LockRecord | undefined): RegulaError {
  const where = existing && existing.owner.host !== os.hostname() ? ` on ${existing.owner.host}` : '';
  const who = existing ? `open in Regula (pid ${existing.owner.pid}${where}) since ${clock(existing.lockedAt)}` : 'open in another Regula process';
  return new RegulaError('project-locked', `The project ${dir} is already ${who}. Close it there first.`, { file: dir });
}

function clock(iso: string): string {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? iso : t.toTimeString().slice(0, 5);
}

async function readLock(lockPath: string): Promise<LockRecord | undefined> {
  try {
    const parsed = LockRecord.safeParse(JSON.parse(await readFile(lockPath, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch (err) {
    // Missing (released meanwhile) or not JSON: either way there is no owner to respect.
    if (err instanceof SyntaxError || (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function readToken(lockPath: string): string | undefined {
  try {
    const parsed = LockRecord.safeParse(JSON.parse(readFileSync(lockPath, 'utf8')));
    return parsed.success ? parsed.data.token : undefined;
  } catch (err) {
    // Removed, or replaced by something unreadable: in both cases it is not our lock any more.
    if (err instanceof SyntaxError || (err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** proper-lockfile (Regula ≤ 0.1) kept a directory here; an old one whose mtime stopped is stale. */
async function removeLegacyLock(lockPath: string): Promise<void> {
  let info;
  try {
    info = await stat(lockPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // no lock at all: the usual case
    throw err;
  }
  if (!info.isDirectory()) return;
  if (Date.now() - info.mtimeMs < 30_000) {
    throw new RegulaError('project-locked', `The project ${path.dirname(lockPath)} is open in an older version of Regula. Close it there first.`, { file: path.dirname(lockPath) });
  }
  await rm(lockPath, { recursive: true, force: true });
}

function holdLock(dir: string, lockPath: string, record: LockRecord, notice: string | undefined): ProjectLock {
  const listeners: ((error: RegulaError) => void)[] = [];
  let lost: RegulaError | undefined;
  let released = false;
  const key = path.resolve(dir);

  const markLost = (): RegulaError => {
    if (!lost) {
      const now = (() => {
        try {
          return JSON.parse(readFileSync(lockPath, 'utf8')) as LockRecord;
        } catch {
          return undefined; // removed or unreadable: described generically below
        }
      })();
      const by = now?.owner ? `Regula (pid ${now.owner.pid})` : 'another process, or the lock file was removed';
      lost = new RegulaError('lock-lost', `Regula lost the lock on ${dir} to ${by}; to protect that process's work nothing more is written here. Reopen the project.`, { file: dir });
      clearInterval(heartbeat);
      for (const l of listeners) l(lost);
    }
    return lost;
  };

  const check = () => {
    if (lost) return;
    let token: string | undefined;
    try {
      token = readToken(lockPath);
    } catch {
      token = undefined; // unreadable for another reason (EIO, EACCES): we cannot prove it is ours
    }
    if (token !== record.token) markLost();
  };

  const heartbeat = setInterval(() => {
    check();
    if (lost) return;
    // The mtime is how a process on another machine (shared folder) sees that we are alive.
    const now = new Date();
    utimes(lockPath, now, now).catch(() => check());
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const lock: ProjectLock = {
    dir,
    notice,
    assertHeld() {
      if (released) return;
      check();
      if (lost) throw lost;
    },
    onLost(listener) {
      listeners.push(listener);
    },
    async release() {
      if (released) return;
      released = true;
      clearInterval(heartbeat);
      if (held.get(key) === lock) held.delete(key);
      if (lost) return; // the lock is someone else's now: leave it alone
      if (readToken(lockPath) === record.token) await unlink(lockPath).catch(() => undefined); // already removed: fine
    },
  };
  held.set(key, lock);
  return lock;
}
