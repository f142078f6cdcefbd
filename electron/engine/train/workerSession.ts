// The parent's side of the worker protocol for one job: waits for the worker's hello, refuses a
// worker that speaks another protocol version, sends the job's start message only then, and kills
// a worker that says nothing for the watchdog time (it sends a heartbeat every second, so silence
// means it hangs). Everything the worker says is parsed; job messages are passed on.
import { FromWorker, WATCHDOG_MS, WORKER_PROTOCOL_VERSION, type ToWorker } from './workerProtocol';
import type { WorkerChannel } from './workerChannel';

export interface WorkerSessionOptions {
  start: ToWorker;
  /** Silence after which the worker is killed; WATCHDOG_MS unless a test shortens it. */
  watchdogMs?: number;
  /** A parsed job message (not hello or heartbeat). */
  onMessage(message: FromWorker): void;
  /** The worker broke the protocol or went silent and has been killed; reason is for the user. */
  onFailure(reason: string): void;
}

/** How long a worker may take to say hello (start Node, load its code and the backend). */
const STARTUP_MS = 180_000;

export class WorkerSession {
  private startSent = false;
  private helloSeen = false;
  private cancelled = false;
  private closed = false;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly watchdogMs: number;

  constructor(
    private readonly worker: WorkerChannel,
    private readonly options: WorkerSessionOptions,
  ) {
    this.watchdogMs = options.watchdogMs ?? WATCHDOG_MS;
    this.armWatchdog();
    worker.onMessage((raw) => this.receive(raw));
  }

  /** Sends a message after the start (a cancel before the start means the start is never sent). */
  send(message: ToWorker): void {
    if (message.type === 'cancel') this.cancelled = true;
    this.worker.send(message);
  }

  /** The job is settled: no more watching. */
  close(): void {
    this.closed = true;
    if (this.watchdog) clearTimeout(this.watchdog);
  }

  private receive(raw: unknown): void {
    if (this.closed) return;
    this.armWatchdog();
    const type = (raw as { type?: unknown } | null)?.type;
    if (type === 'hello') {
      this.helloSeen = true;
      this.armWatchdog();
      return this.hello(raw);
    }
    if (type === 'heartbeat') return;
    const parsed = FromWorker.safeParse(raw);
    if (parsed.success) this.options.onMessage(parsed.data);
  }

  private hello(raw: unknown): void {
    // Read the version alone first: a worker from other sources may say hello in another shape.
    const protocol = (raw as { protocol?: unknown }).protocol;
    if (protocol !== WORKER_PROTOCOL_VERSION) {
      const theirs = typeof protocol === 'number' ? `version ${protocol}` : 'no version';
      return this.fail(
        `The training process speaks worker protocol ${theirs}, but this Regula speaks version ${WORKER_PROTOCOL_VERSION}: ` +
          'the worker was built from other sources. Rebuild or reinstall Regula (npm install) and start the run again.',
      );
    }
    if (this.startSent || this.cancelled) return;
    this.startSent = true;
    this.worker.send(this.options.start);
  }

  private armWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    // Until its hello a worker is starting Node and TensorFlow.js, which blocks its heartbeat and
    // can take a minute on a slow or busy machine: it gets longer before it counts as hung.
    const limit = this.helloSeen ? this.watchdogMs : Math.max(this.watchdogMs, STARTUP_MS);
    this.watchdog = setTimeout(() => {
      const seconds = Math.round(limit / 100) / 10;
      this.fail(
        this.helloSeen
          ? `The training process stopped responding (no message for ${seconds} s) and was stopped.`
          : `The training process did not start within ${seconds} s and was stopped; the machine may be very busy — try again.`,
      );
    }, limit);
  }

  private fail(reason: string): void {
    if (this.closed) return;
    this.close();
    this.worker.kill();
    this.options.onFailure(reason);
  }
}
