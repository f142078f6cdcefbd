// What runs and sweeps share: a worker process supervised from the parent, a record kept on disk
// through one ordered write queue, and a final state reached exactly once — by the worker's
// result, its error, or its exit (a crash or a kill).
import type { FeatureScaling, RowAccounting, Task } from '../../../shared/domain';
import { toUserError } from '../errors';
import type { LaunchWorker, WorkerChannel } from './workerChannel';
import type { FromWorker, ToWorker } from './workerProtocol';
import { WorkerSession } from './workerSession';

interface JobRecord {
  status: string;
  finishedAt?: string;
  error?: string;
}

export interface WorkerJobOptions<R extends JobRecord> {
  record: R;
  persist: (record: R) => Promise<void>;
  launchWorker: LaunchWorker;
  start: ToWorker;
  /** Applies one worker message; return a patch to settle the job with, or nothing to go on. */
  onMessage: (message: FromWorker, job: WorkerJob<R>) => Partial<R> | undefined;
  /** The final patch when the worker exits without a result. */
  onExit: (code: number | null, cancelling: boolean) => Partial<R>;
  /** The final patch when the worker broke the protocol or went silent (it has been killed). */
  onFailure: (reason: string) => Partial<R>;
  /** Silence after which the worker is killed (workerProtocol's WATCHDOG_MS by default). */
  watchdogMs?: number;
  onSettled?: (record: R) => void;
  cancelGraceMs?: number;
}

export class WorkerJob<R extends JobRecord> {
  readonly done: Promise<R>;
  private record: R;
  private writes: Promise<void> = Promise.resolve();
  /** Why a record write failed: the job is then stopped and ends failed with this reason. */
  private writeFailure: string | undefined;
  private settled = false;
  private cancelTimer: NodeJS.Timeout | undefined;
  private readonly worker: WorkerChannel;
  private readonly session: WorkerSession;
  private resolveDone!: (record: R) => void;

  constructor(private readonly options: WorkerJobOptions<R>) {
    this.record = options.record;
    this.done = new Promise<R>((resolve) => (this.resolveDone = resolve));
    const { start } = options;
    this.worker = options.launchWorker(start.type === 'cancel' ? {} : { backendPreference: start.backendPreference });
    // The session sends the start once the worker has said hello in our protocol version.
    this.session = new WorkerSession(this.worker, {
      start,
      ...(options.watchdogMs !== undefined ? { watchdogMs: options.watchdogMs } : {}),
      onMessage: (message) => {
        if (this.settled) return;
        const final = options.onMessage(message, this);
        if (final) this.settle(final);
      },
      onFailure: (reason) => this.settle(options.onFailure(reason)),
    });
    this.worker.onExit((code) => this.settle(options.onExit(code, this.cancelTimer !== undefined)));
  }

  get current(): R {
    return this.record;
  }

  /** Changes the record and queues its write. */
  update(patch: Partial<R>): void {
    this.record = { ...this.record, ...patch };
    const snapshot = this.record;
    this.enqueue(() => this.options.persist(snapshot));
  }

  /** Changes the record in memory only (the next update writes it). */
  patch(patch: Partial<R>): void {
    this.record = { ...this.record, ...patch };
  }

  /** Queues a write so that all of this job's writes land in order. */
  enqueue(job: () => Promise<void>): void {
    this.writes = this.writes.then(async () => {
      // After one failed write nothing more is written for this job: a later record must never
      // land on disk after an earlier one was lost (and a lost lock forbids writing at all).
      if (this.writeFailure) return;
      try {
        await job();
      } catch (err) {
        // A job whose progress cannot be saved is stopped at once and ends failed with the reason.
        this.writeFailure = `Its record could not be saved: ${toUserError(err).message}`;
        if (!this.settled) {
          this.worker.kill();
          this.settle({});
        }
      }
    });
  }

  /** Asks the worker to stop at the next batch (kills it if it does not stop in time); hard: now. */
  cancel(hard = false): void {
    if (this.settled) return;
    if (hard) {
      this.cancelTimer ??= setTimeout(() => undefined, 0);
      this.worker.kill();
      return;
    }
    if (this.cancelTimer) return;
    this.session.send({ type: 'cancel' });
    this.cancelTimer = setTimeout(() => this.worker.kill(), this.options.cancelGraceMs ?? 5000);
  }

  private settle(patch: Partial<R>): void {
    if (this.settled) return;
    this.settled = true;
    this.session.close();
    if (this.cancelTimer) clearTimeout(this.cancelTimer);
    this.update({ ...patch, finishedAt: new Date().toISOString() });
    void this.writes.then(async () => {
      if (this.writeFailure) {
        this.record = { ...this.record, status: 'failed', error: this.writeFailure };
        try {
          await this.options.persist(this.record); // one last try to put the reason on disk
        } catch {
          // Expected when the disk is still full or the lock is lost: the failure and its reason
          // are in the record returned below; on disk the job stays `running` until the next
          // open marks it interrupted.
        }
      }
      const final = this.record;
      this.options.onSettled?.(final);
      this.resolveDone(final);
    });
  }
}

interface PreparedRecord extends JobRecord {
  backend?: string;
  task?: Task;
  features?: FeatureScaling[];
  classes?: string[];
  rows?: RowAccounting;
}

/** The backend and preprocessing reports, which runs and sweeps record alike; true if handled. */
export function recordPreparation<R extends PreparedRecord>(message: FromWorker, job: WorkerJob<R>): boolean {
  if (message.type === 'backend') {
    job.update({ backend: message.name } as Partial<R>);
    return true;
  }
  if (message.type === 'prepared') {
    job.update({
      task: message.task,
      features: message.features,
      ...(message.classes ? { classes: message.classes } : {}),
      ...(message.rows ? { rows: message.rows } : {}),
    } as Partial<R>);
    return true;
  }
  return false;
}
