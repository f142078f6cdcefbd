// The fold helper processes themselves: forked once and kept, so the next sweep's folds start on a
// booted, JIT-warm helper. Booting one (Node plus its bundle) and warming its solver took ~0.7 s
// and 0.5 s on 100,000 rows — as long as a fold. A helper is leased to one sweep at a time;
// handed back idle, it no longer holds this process open (unref) and exits with it (foldWorker
// exits on disconnect). A helper that misbehaved is killed, never handed back.
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import type { FoldHelper } from './foldPool';

interface Pooled {
  child: ChildProcess;
  dead: boolean;
  /** It said 'ready': booted and its solvers compiled (foldWarmUp.ts). */
  booted: boolean;
  /** The current lease's handlers; none while idle. */
  onMessage?: (message: unknown) => void;
  onExit?: () => void;
}

const idle: Pooled[] = [];
let spawned = 0;
const fromSource = import.meta.url.endsWith('.ts');

/** At most this many idle helpers are kept: one per core besides this process. */
export function helperSlots(): number {
  return Math.max(0, os.availableParallelism() - 1);
}

function spawnHelper(): Pooled {
  const file = fileURLToPath(new URL(fromSource ? './foldWorker.ts' : './foldWorker.js', import.meta.url));
  // 'advanced' serialization, so typed arrays travel as such.
  const child = fork(file, [], {
    execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [],
    serialization: 'advanced',
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  spawned++;
  const pooled: Pooled = { child, dead: false, booted: false };
  // A helper that could not start may emit 'error' and never 'exit': either ends it.
  const gone = (): void => {
    if (pooled.dead) return;
    pooled.dead = true;
    const at = idle.indexOf(pooled);
    if (at >= 0) idle.splice(at, 1);
    pooled.onExit?.();
  };
  child.on('exit', gone);
  child.on('error', gone);
  child.on('message', (message) => {
    if (typeof message === 'object' && message !== null && (message as { type?: unknown }).type === 'ready') pooled.booted = true;
    else pooled.onMessage?.(message);
  });
  return pooled;
}

function park(pooled: Pooled): void {
  pooled.onMessage = undefined;
  pooled.onExit = undefined;
  if (pooled.dead || idle.length >= helperSlots()) {
    pooled.child.kill('SIGKILL');
    return;
  }
  pooled.child.unref();
  pooled.child.channel?.unref();
  idle.push(pooled);
}

/** A helper for one sweep: an idle one if there is one, else a new process. */
export function leaseFoldHelper(): FoldHelper {
  const pooled = idle.pop() ?? spawnHelper();
  pooled.child.ref();
  pooled.child.channel?.ref();
  let over = false;
  const finish = (): void => {
    over = true;
    pooled.onMessage = undefined;
    pooled.onExit = undefined;
  };
  return {
    send: (message, onSent) => {
      if (!over && !pooled.dead && pooled.child.connected) pooled.child.send(message, () => onSent?.());
      else onSent?.();
    },
    onMessage: (handler) => {
      if (!over) pooled.onMessage = handler;
    },
    onExit: (handler) => {
      if (over) return;
      if (pooled.dead) setImmediate(handler);
      else pooled.onExit = handler;
    },
    kill: () => {
      finish();
      pooled.child.kill('SIGKILL');
    },
    release: () => {
      if (over) return;
      finish();
      park(pooled);
    },
  };
}

/**
 * Booted ahead at most: enough for 5-fold CV (this process plus four), without keeping a dozen
 * idle processes (~68 MB each after warm-up) on a many-core machine; a sweep that can use more
 * starts the rest when it needs them.
 */
export const WARM_HELPERS_AT_MOST = 4;

/** Boots the helpers a sweep will want, while this process still prepares its rows or waits for a job. */
export function warmFoldHelpers(): void {
  while (idle.length < Math.min(helperSlots(), WARM_HELPERS_AT_MOST)) park(spawnHelper());
}

/** Idle helpers that are booted and warmed up: a fold handed to one starts at once. */
export function bootedFoldHelpers(): number {
  return idle.filter((h) => h.booted).length;
}

/** Tests: helpers started so far by this process, and those waiting now. */
export function foldHelperCounts(): { spawned: number; idle: number } {
  return { spawned, idle: idle.length };
}
