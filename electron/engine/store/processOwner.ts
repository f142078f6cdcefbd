// Who holds a lock or runs a job: process id, host and the process's start time. The start time
// tells a live owner from a new, unrelated process that was given the same pid after a crash.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { ProcessOwner } from '../../../shared/domain';

export { ProcessOwner };

let self: ProcessOwner | undefined;

export function currentOwner(): ProcessOwner {
  if (!self) {
    const ticks = startTicksOf(process.pid);
    self = {
      pid: process.pid,
      host: os.hostname(),
      startedAt: new Date(Date.now() - process.uptime() * 1000).toISOString(),
      ...(ticks !== undefined ? { startTicks: ticks } : {}),
    };
  }
  return self;
}

export function isCurrentProcess(owner: ProcessOwner): boolean {
  const me = currentOwner();
  return owner.pid === me.pid && owner.host === me.host && owner.startedAt === me.startedAt;
}

export type Liveness = 'alive' | 'gone' | 'unknown';

/** Whether the owner still runs: certain on this host, 'unknown' for another machine's process. */
export function ownerLiveness(owner: ProcessOwner): Liveness {
  if (owner.host !== os.hostname()) return 'unknown';
  if (isCurrentProcess(owner)) return 'alive';
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user — alive. ESRCH: no such process.
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return 'gone';
  }
  if (owner.startTicks !== undefined) {
    const ticks = startTicksOf(owner.pid);
    if (ticks !== undefined && ticks !== owner.startTicks) return 'gone'; // the pid was reused
  }
  return 'alive';
}

function startTicksOf(pid: number): number | undefined {
  if (process.platform !== 'linux') return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]); // field 22 overall = index 19 after pid and comm
    return Number.isInteger(ticks) ? ticks : undefined;
  } catch {
    // No /proc entry (the process ended, or /proc is not mounted): nothing to compare.
    return undefined;
  }
}

/** "pid 1234 since 14:02" (with the host when it is another machine). */
export function describeOwner(owner: ProcessOwner, sinceIso = owner.startedAt): string {
  const since = new Date(sinceIso);
  const time = Number.isNaN(since.getTime()) ? sinceIso : since.toTimeString().slice(0, 5);
  return `pid ${owner.pid}${owner.host !== os.hostname() ? ` on ${owner.host}` : ''} since ${time}`;
}
