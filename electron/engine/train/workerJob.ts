// What runs and sweeps share: a worker process supervised from the parent, a record kept on disk
// through one ordered write queue, and a final state reached exactly once — by the worker's
// result, its error, or its exit (a crash or a kill).
import type { FeatureScaling, RowAccounting, Task } from '../../../shared/domain';
import type { LaunchWorker, WorkerChannel } from './workerChannel';
import { FromWorker, type ToWorker } from './workerProtocol';

interface JobRecord {
  status: string;
  finishedAt?: string;
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
  onSettled?: (record: R) => void;
  cancelGraceMs?: number;
}

export class WorkerJob<R extends JobRecord> {
  readonly done: Promise<R>;
  private record: R;
  private writes: Promise<void> = Promise.resolve();
  private settled = false;
  private cancelTimer: NodeJS.Timeout | undefined;
  private readonly worker: WorkerChannel;
  private resolveDone!: (record: R) => void;

  constructor(private readonly options: WorkerJobOptions<R>) {
    this.record = options.record;
    this.done = new Promise<R>((resolve) => (this.resolveDone = resolve));
    this.worker = options.launchWorker();
    this.worker.onMessage((raw) => {
      const parsed = FromWorker.safeParse(raw);
      if (!parsed.success || this.settled) return;
      const final = options.onMessage(parsed.data, this);
      if (final) this.settle(final);
    });
    this.worker.onExit((code) => this.settle(options.onExit(code, this.cancelTimer !== undefined)));
    this.worker.send(options.start);
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
    this.writes = this.writes.then(job).catch((err: unknown) => {
      console.error(`Regula: could not write a record: ${(err as Error).message}`);
    });
  }

  /** Asks the worker to stop at the next batch; kills it if it does not stop in time. */
  cancel(): void {
    if (this.settled || this.cancelTimer) return;
    this.worker.send({ type: 'cancel' });
    this.cancelTimer = setTimeout(() => this.worker.kill(), this.options.cancelGraceMs ?? 5000);
  }

  private settle(patch: Partial<R>): void {
    if (this.settled) return;
    this.settled = true;
    if (this.cancelTimer) clearTimeout(this.cancelTimer);
    this.update({ ...patch, finishedAt: new Date().toISOString() });
    const final = this.record;
    void this.writes.then(() => {
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
