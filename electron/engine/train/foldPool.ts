// Cross-validation folds of a linear path across the machine's cores: one process per core in all
// — this one plus os.availableParallelism() − 1 fold helpers (foldWorker.ts), never more. The
// helpers start on the folds at once, while this process solves the path on all rows; then this
// process takes folds from the same queue. A fold is computed by the same function wherever it
// runs and its errors are stored by fold number, so the result is the serial run's to the bit.
// A helper that fails to start, crashes or answers nonsense only slows things down: its fold goes
// back in the queue and this process computes it.
import { bootedFoldHelpers, helperSlots, leaseFoldHelper } from './foldHelperPool';
import { FromFoldHelper } from './foldProtocol';
import { linearFoldErrors, type CvProblem } from './linearPath';

/** What foldWorker.ts parses as ToFoldHelper. */
export type FoldRequest = { type: 'setup'; cv: CvProblem } | { type: 'fold'; fold: number };

export interface FoldHelper {
  /** `onSent`: called once the message is written out to the helper (or could not be). */
  send(message: FoldRequest, onSent?: () => void): void;
  onMessage(handler: (message: unknown) => void): void;
  onExit(handler: () => void): void;
  kill(): void;
  /** Done with it and it behaved: it may serve the next sweep (without this, it is killed). */
  release?(): void;
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
  /** The same threshold when a helper is already booted and idle (no start to repay). */
  minWorkBooted?: number;
  /** How many helpers are booted and idle now. */
  booted?: () => number;
  /** Tests: where each fold was computed. */
  onFold?: (fold: number, where: 'helper' | 'here') => void;
}

export const PARALLEL_FOLDS_MIN_WORK = 3e7;
/** With a booted helper idle: breast cancer's 5 folds (569×30, 15 λ: ~1.3e6) gain from one. */
export const PARALLEL_FOLDS_MIN_WORK_BOOTED = 1e6;

/** The longest a sweep waits for its helpers to take their rows before it computes anyway. */
export const SETUP_WAIT_MS = 3000;

/** A fold helper process, from the pool of booted ones (foldHelperPool.ts). */
export const launchFoldHelper: LaunchFoldHelper = leaseFoldHelper;

/** One process per core: the helpers besides the sweep's own process. */
export function parallelFolds(): ParallelFolds {
  return { launch: launchFoldHelper, helpers: helperSlots(), minWork: PARALLEL_FOLDS_MIN_WORK, minWorkBooted: PARALLEL_FOLDS_MIN_WORK_BOOTED, booted: bootedFoldHelpers };
}

export interface FoldRun {
  /**
   * Resolves when every helper has its rows (or is gone), at most SETUP_WAIT_MS. The sweep waits
   * for this before it starts computing: a large setup message (100,000×20 rows: 8 MB) leaves
   * this process in pipe-sized pieces, one per turn of its event loop, and a computing process
   * turns it only now and then (eventTurns.ts) — a helper fed that way sat idle for seconds and
   * the parallel CV was slower than the serial one.
   */
  delivered: Promise<void>;
  /** This process joins in; resolves to every fold's errors by fold number, or null if stopped. */
  finish(): Promise<number[][] | null>;
  cancel(): void;
}

/** Whether cv's folds are worth helpers: enough work to repay starting one, or less with one booted. */
export function foldsWorthHelpers(cv: CvProblem, parallel: ParallelFolds): boolean {
  if (parallel.helpers === 0) return false;
  const work = foldWork(cv);
  if (work >= parallel.minWork) return true;
  return parallel.minWorkBooted !== undefined && work >= parallel.minWorkBooted && (parallel.booted?.() ?? 0) > 0;
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

  const deliveries: Promise<void>[] = [];
  const runHelper = (): Promise<void> =>
    new Promise((resolve) => {
      let child: FoldHelper;
      let sent = (): void => {};
      deliveries.push(new Promise<void>((done) => (sent = done)));
      try {
        child = options.launch();
      } catch {
        sent();
        resolve();
        return;
      }
      children.add(child);
      let current = -1;
      let over = false;
      /** `healthy`: it answered every fold it was given and nothing is left: it may serve again. */
      const end = (healthy = false): void => {
        if (over) return;
        over = true;
        if (current >= 0) returned.push(current);
        current = -1;
        children.delete(child);
        if (healthy && !stopped && child.release) child.release();
        else child.kill();
        sent();
        resolve();
      };
      const give = (): void => {
        current = stopped ? -1 : takeFold();
        if (current < 0) end(!stopped);
        else child.send({ type: 'fold', fold: current });
      };
      child.onMessage((raw) => {
        const parsed = FromFoldHelper.safeParse(raw);
        if (!parsed.success || parsed.data.type !== 'fold-errors' || parsed.data.fold !== current || parsed.data.errors.length !== cv.grid.length) {
          end();
          return;
        }
        results[current] = parsed.data.errors;
        options.onFold?.(current, 'helper');
        give();
      });
      child.onExit(() => end());
      child.send({ type: 'setup', cv }, sent);
      give();
    });

  const helpers = Array.from({ length: Math.min(options.helpers, cv.folds) }, runHelper);
  const cancel = (): void => {
    stopped = true;
    for (const child of children) child.kill();
  };
  let waited: NodeJS.Timeout | undefined;
  const delivered = Promise.race([
    Promise.all(deliveries).then(() => undefined),
    new Promise<void>((resolve) => {
      waited = setTimeout(resolve, SETUP_WAIT_MS);
    }),
  ]).finally(() => clearTimeout(waited));
  return {
    cancel,
    delivered,
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
