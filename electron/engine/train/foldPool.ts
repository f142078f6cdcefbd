// Cross-validation folds of a linear path across the machine's cores: one process per core in all
// — this one plus os.availableParallelism() − 1 fold helpers (foldWorker.ts), never more. The
// helpers start on the folds at once, while this process solves the path on all rows; then this
// process takes folds from the same queue. A fold is computed by the same function wherever it
// runs and its errors are stored by fold number, so the result is the serial run's to the bit.
// A helper that fails to start, crashes or answers nonsense only slows things down: its fold goes
// back in the queue and this process computes it.
import { fork } from 'node:child_process';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { FromFoldHelper } from './foldProtocol';
import { linearFoldErrors, type CvProblem } from './linearPath';

/** What foldWorker.ts parses as ToFoldHelper. */
export type FoldRequest = { type: 'setup'; cv: CvProblem } | { type: 'fold'; fold: number };

export interface FoldHelper {
  send(message: FoldRequest): void;
  onMessage(handler: (message: unknown) => void): void;
  onExit(handler: () => void): void;
  kill(): void;
}

export type LaunchFoldHelper = () => FoldHelper;

export interface ParallelFolds {
  launch: LaunchFoldHelper;
  /** Helper processes besides this one. */
  helpers: number;
  /**
   * Below rows·inputs·λ-points·folds of this, the folds stay in this process: starting a helper
   * (a Node process, ~0.1 s) costs more than such folds take (breast cancer's 5 folds: ~30 ms each).
   */
  minWork: number;
  /** Tests: where each fold was computed. */
  onFold?: (fold: number, where: 'helper' | 'here') => void;
}

export const PARALLEL_FOLDS_MIN_WORK = 3e7;

const fromSource = import.meta.url.endsWith('.ts');

/** child_process.fork of the fold helper, 'advanced' serialization so typed arrays travel as such. */
export const launchFoldHelper: LaunchFoldHelper = () => {
  const file = fileURLToPath(new URL(fromSource ? './foldWorker.ts' : './foldWorker.js', import.meta.url));
  const child = fork(file, [], {
    execArgv: fromSource ? ['--import', import.meta.resolve('tsx')] : [],
    serialization: 'advanced',
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  return {
    send: (message) => {
      if (child.connected) child.send(message);
    },
    onMessage: (handler) => child.on('message', handler),
    // A helper that could not start may emit 'error' and never 'exit': either ends it (its fold
    // goes back in the queue), so the sweep never waits on a process that is not there.
    onExit: (handler) => {
      child.on('exit', () => handler());
      child.on('error', () => handler());
    },
    kill: () => {
      child.kill('SIGKILL');
    },
  };
};

/** One process per core: the helpers besides the sweep's own process. */
export function parallelFolds(): ParallelFolds {
  return { launch: launchFoldHelper, helpers: Math.max(0, os.availableParallelism() - 1), minWork: PARALLEL_FOLDS_MIN_WORK };
}

export interface FoldRun {
  /** This process joins in; resolves to every fold's errors by fold number, or null if stopped. */
  finish(): Promise<number[][] | null>;
  cancel(): void;
}

export function foldWork(cv: CvProblem): number {
  return cv.train.rows * cv.p * cv.grid.length * cv.folds;
}

/** Starts the helpers on cv's folds now; finish() computes the rest here and collects them all. */
export function startFolds(cv: CvProblem, options: ParallelFolds, shouldStop: () => boolean): FoldRun {
  const results: (number[] | undefined)[] = new Array<number[] | undefined>(cv.folds);
  const returned: number[] = [];
  let next = 0;
  let stopped = false;
  const children = new Set<FoldHelper>();
  const takeFold = (): number => (returned.length ? (returned.shift() as number) : next < cv.folds ? next++ : -1);

  const runHelper = (): Promise<void> =>
    new Promise((resolve) => {
      let child: FoldHelper;
      try {
        child = options.launch();
      } catch {
        resolve();
        return;
      }
      children.add(child);
      let current = -1;
      let over = false;
      const end = (): void => {
        if (over) return;
        over = true;
        if (current >= 0) returned.push(current);
        current = -1;
        children.delete(child);
        child.kill();
        resolve();
      };
      const give = (): void => {
        current = stopped ? -1 : takeFold();
        if (current < 0) end();
        else child.send({ type: 'fold', fold: current });
      };
      child.onMessage((raw) => {
        const parsed = FromFoldHelper.safeParse(raw);
        if (!parsed.success || parsed.data.fold !== current || parsed.data.type === 'fold-failed' || parsed.data.errors.length !== cv.grid.length) {
          end();
          return;
        }
        results[current] = parsed.data.errors;
        options.onFold?.(current, 'helper');
        give();
      });
      child.onExit(end);
      child.send({ type: 'setup', cv });
      give();
    });

  const helpers = Array.from({ length: Math.min(options.helpers, cv.folds) }, runHelper);
  const cancel = (): void => {
    stopped = true;
    for (const child of children) child.kill();
  };
  return {
    cancel,
    async finish() {
      // While this process waits on the helpers, a cancel must still reach them.
      const poll = setInterval(() => shouldStop() && cancel(), 50);
      try {
        for (;;) {
          for (let f = takeFold(); f >= 0; f = takeFold()) {
            const errors = stopped || shouldStop() ? null : await linearFoldErrors(cv, f, shouldStop);
            if (!errors) {
              cancel();
              return null;
            }
            results[f] = errors;
            options.onFold?.(f, 'here');
          }
          await Promise.all(helpers);
          // A helper that died after this process ran dry left its fold behind: compute it here.
          if (returned.length === 0) break;
        }
        return stopped ? null : (results as number[][]);
      } finally {
        clearInterval(poll);
      }
    },
  };
}
