// Long computations give the event loop a turn now and then, so the messages that arrive while
// they run — a cancel, a fold helper's answer, the watchdog's heartbeat — are read in time.
// One clock for the whole process, not one per solve: a λ path is many short solves (~30 ms
// each on 100,000 rows), each under any per-solve interval, and a sweep that yielded only inside
// a solve never yielded at all — its fold helpers' answers waited until it had finished its own
// folds, which made the parallel CV slower than the serial one.

/** The longest stretch of computing between two turns of the event loop. */
export const TURN_EVERY_MS = 5;

let lastTurn = performance.now();

/** Gives the event loop a turn if the last one is TURN_EVERY_MS ago or more. */
export async function takeTurnIfDue(): Promise<void> {
  if (performance.now() - lastTurn < TURN_EVERY_MS) return;
  await new Promise<void>((resolve) => setImmediate(resolve));
  lastTurn = performance.now();
}
