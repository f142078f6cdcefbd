// Runs one training job in a worker process and keeps its record on disk current: run.json on
// every state change, one metrics.jsonl line per epoch. The worker may die at any moment (crash,
// kill, out of memory): then the run is marked failed with the reason, and the project stays valid.
import { SCHEMA_VERSION, type DatasetSummary, type EpochMetrics, type RunRecord, type RunSpec } from '../../../shared/domain';
import { newId } from '../random';
import { validateSpec } from '../prep/validateSpec';
import { appendEpoch, writeRun } from '../store/runStore';
import type { BackendPreference } from './backend';
import type { LaunchWorker } from './workerChannel';
import { FromWorker } from './workerProtocol';

export interface RunEvents {
  onEpoch?(runId: string, epoch: EpochMetrics): void;
  onFinished?(run: RunRecord): void;
}

export interface RunHandle {
  runId: string;
  /** Resolves with the final record whatever happened (completed, cancelled or failed). */
  done: Promise<RunRecord>;
  /** Asks the worker to stop at the next batch; kills it if it does not stop in time. */
  cancel(): void;
}

export interface StartRunOptions {
  projectDir: string;
  dataset: DatasetSummary;
  spec: RunSpec;
  launchWorker: LaunchWorker;
  backendPreference: BackendPreference;
  runNumber: number;
  events?: RunEvents;
  /** How long a cancelled worker may take to save its model before it is killed. */
  cancelGraceMs?: number;
}

export async function startRun(options: StartRunOptions): Promise<RunHandle> {
  const { projectDir, dataset, spec } = options;
  const { task } = validateSpec(spec, dataset); // throws before anything is written
  const runId = newId('r');
  let record: RunRecord = {
    schemaVersion: SCHEMA_VERSION,
    id: runId,
    name: `Run ${options.runNumber} · ${describeSpec(spec)}`,
    createdAt: new Date().toISOString(),
    status: 'running',
    spec,
    task,
    epochsRun: 0,
  };
  await writeRun(projectDir, record);

  // All disk writes for this run go through one queue so they land in order.
  let writes: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>): void => {
    writes = writes.then(job).catch((err: unknown) => {
      console.error(`Regula: could not write run ${runId}: ${(err as Error).message}`);
    });
  };
  const update = (patch: Partial<RunRecord>): void => {
    record = { ...record, ...patch };
    const snapshot = record;
    enqueue(() => writeRun(projectDir, snapshot));
  };

  const worker = options.launchWorker();
  let settled = false;
  let cancelTimer: NodeJS.Timeout | undefined;
  let resolveDone!: (run: RunRecord) => void;
  const done = new Promise<RunRecord>((resolve) => (resolveDone = resolve));

  const settle = (patch: Partial<RunRecord>): void => {
    if (settled) return;
    settled = true;
    if (cancelTimer) clearTimeout(cancelTimer);
    update({ ...patch, finishedAt: new Date().toISOString() });
    const final = record;
    writes.then(() => {
      options.events?.onFinished?.(final);
      resolveDone(final);
    });
  };

  worker.onMessage((raw) => {
    const parsed = FromWorker.safeParse(raw);
    if (!parsed.success || settled) return;
    const message = parsed.data;
    switch (message.type) {
      case 'backend':
        update({ backend: message.name });
        break;
      case 'prepared':
        update({ task: message.task, features: message.features, ...(message.classes ? { classes: message.classes } : {}) });
        break;
      case 'epoch':
        record = { ...record, epochsRun: message.epoch.epoch };
        enqueue(() => appendEpoch(projectDir, runId, message.epoch));
        options.events?.onEpoch?.(runId, message.epoch);
        break;
      case 'done': {
        const { outcome } = message;
        settle({
          status: outcome.cancelled ? 'cancelled' : 'completed',
          epochsRun: outcome.epochsRun,
          stopReason: outcome.stopReason,
          metrics: outcome.metrics,
          loss: outcome.loss,
          sparsity: outcome.sparsity,
          solver: outcome.solver,
          modelDir: outcome.modelDir,
          ...(outcome.coefficients ? { coefficients: outcome.coefficients } : {}),
          ...(outcome.intercept !== undefined ? { intercept: outcome.intercept } : {}),
          ...(outcome.interceptOriginal !== undefined ? { interceptOriginal: outcome.interceptOriginal } : {}),
          ...(outcome.confusion ? { confusion: outcome.confusion } : {}),
        });
        break;
      }
      case 'error':
        settle({ status: 'failed', error: message.error.message, stopReason: 'failed' });
        break;
    }
  });
  worker.onExit((code) => {
    settle(
      cancelTimer
        ? { status: 'cancelled', stopReason: 'cancelled (training process stopped)' }
        : { status: 'failed', error: `The training process exited unexpectedly (exit code ${code ?? 'none'}).`, stopReason: 'failed' },
    );
  });

  worker.send({ type: 'start', runId, projectDir, spec, backendPreference: options.backendPreference });

  return {
    runId,
    done,
    cancel: () => {
      if (settled || cancelTimer) return;
      worker.send({ type: 'cancel' });
      cancelTimer = setTimeout(() => worker.kill(), options.cancelGraceMs ?? 5000);
    },
  };
}

export function describeSpec(spec: RunSpec): string {
  const model = spec.model.kind === 'linear' ? 'linear' : `mlp ${spec.model.layers.map((l) => l.units).join('-')}`;
  const r = spec.regularizer;
  const reg =
    r.kind === 'none' ? 'no penalty' : r.kind === 'l1' ? `L1 λ=${r.l1}` : r.kind === 'l2' ? `L2 λ=${r.l2}` : `L1L2 λ1=${r.l1} λ2=${r.l2}`;
  return `${model}, ${reg}`;
}
