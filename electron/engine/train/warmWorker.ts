// One training worker started ahead of time: Node started, the worker's code and TensorFlow.js
// loaded, the backend initialised. Starting all that took seconds per run; with a warm worker a
// click on Train reaches the first epoch at once.
//
// A worker still serves one job and exits (a fresh process per run keeps crash, kill and memory
// isolation exactly as before); the next warm worker is started when the previous one has gone,
// so it never competes with a running job for the CPU. Messages the warm worker sends before it
// has a job (its hello) are kept and handed to the job; heartbeats are dropped.
import type { BackendPreference } from './backend';
import type { LaunchWorker, WorkerChannel } from './workerChannel';

export interface WarmWorkerOptions {
  backendPreference: BackendPreference;
  /** Start the next warm worker when one has served its job (false: one prestart only, e.g. a CLI command). */
  replenish?: boolean;
  /** The waiting worker boots the fold helpers too (see WorkerLaunchOptions). */
  warmFoldHelpers?: boolean;
}

export interface WarmWorkers {
  /** Hands out the warm worker when there is one for this backend, else launches one. */
  launchWorker: LaunchWorker;
  /** Stops the waiting worker and starts no more. */
  dispose(): void;
}

export function keepWorkerWarm(launch: LaunchWorker, options: WarmWorkerOptions): WarmWorkers {
  const replenish = options.replenish ?? true;
  let idle: WaitingWorker | undefined;
  let disposed = false;

  const warmUp = (): void => {
    if (disposed || idle) return;
    const waiting = new WaitingWorker(launch({ backendPreference: options.backendPreference, ...(options.warmFoldHelpers ? { warmFoldHelpers: true } : {}) }), () => {
      // Died before it had a job (a crash at start-up): the next run starts cold, and the next
      // warm worker waits for that run to end, so a broken install cannot loop on restarts.
      if (idle === waiting) idle = undefined;
    });
    idle = waiting;
  };

  const afterJob = (channel: WorkerChannel): WorkerChannel => {
    channel.onExit(() => {
      if (replenish) warmUp();
    });
    return channel;
  };

  warmUp();
  return {
    launchWorker: (launchOptions = {}) => {
      const preference = launchOptions.backendPreference ?? options.backendPreference;
      const waiting = idle;
      if (waiting && preference === options.backendPreference) {
        idle = undefined;
        return afterJob(waiting.handOut());
      }
      return afterJob(launch(launchOptions));
    },
    dispose: () => {
      disposed = true;
      idle?.stop();
      idle = undefined;
    },
  };
}

/** A worker with no job yet: keeps what it says until a job listens, and lets this process exit. */
class WaitingWorker {
  private readonly early: unknown[] = [];
  private readonly messageHandlers: ((message: unknown) => void)[] = [];
  private readonly exitHandlers: ((code: number | null) => void)[] = [];
  private exit: { code: number | null } | undefined;
  private handedOut = false;
  private replaying = false;

  constructor(
    private readonly channel: WorkerChannel,
    onDiedWaiting: () => void,
  ) {
    channel.unref?.();
    channel.onMessage((message) => {
      // Until the kept messages have been replayed, newer ones queue behind them.
      if (this.messageHandlers.length && !this.replaying) this.messageHandlers.forEach((h) => h(message));
      else if (this.messageHandlers.length || (message as { type?: unknown } | null)?.type !== 'heartbeat') this.early.push(message);
    });
    channel.onExit((code) => {
      this.exit = { code };
      if (!this.handedOut) onDiedWaiting();
      this.exitHandlers.forEach((h) => h(code));
    });
  }

  stop(): void {
    this.channel.kill();
  }

  handOut(): WorkerChannel {
    this.handedOut = true;
    this.channel.ref?.();
    return {
      send: (message) => this.channel.send(message),
      kill: () => this.channel.kill(),
      onMessage: (handler) => {
        this.messageHandlers.push(handler);
        if (!this.early.length || this.replaying) return;
        // Replayed on a microtask: after the job's constructor has finished subscribing.
        this.replaying = true;
        queueMicrotask(() => {
          this.replaying = false;
          for (const message of this.early.splice(0)) this.messageHandlers.forEach((h) => h(message));
        });
      },
      onExit: (handler) => {
        if (this.exit) {
          const { code } = this.exit;
          queueMicrotask(() => handler(code));
        } else this.exitHandlers.push(handler);
      },
    };
  }
}
