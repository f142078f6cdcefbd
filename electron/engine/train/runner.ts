// Runs one training job in a worker process and keeps its record on disk current: run.json on
// every state change, one metrics.jsonl line per epoch. The worker may die at any moment (crash,
// kill, out of memory): then the run is marked failed with the reason, and the project stays valid.
import { SCHEMA_VERSION, type DatasetSummary, type EpochMetrics, type RunRecord, type RunSpec } from '../../../shared/domain';
import { newId } from '../random';
import { datasetVersionRef } from '../datasetVersions';
import { validateSpec } from '../prep/validateSpec';
import { appendEpoch, writeRun } from '../store/runStore';
import type { BackendPreference } from './backend';
import type { LaunchWorker } from './workerChannel';
import { recordPreparation, WorkerJob } from './workerJob';
import { runLabel } from '../../../shared/runLabel';

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
  /** Changes the record of the run in flight (its name, note, tags) without racing its own writes. */
  amend(patch: Partial<RunRecord>): void;
}

export interface StartRunOptions {
  projectDir: string;
  dataset: DatasetSummary;
  spec: RunSpec;
  launchWorker: LaunchWorker;
  backendPreference: BackendPreference;
  runNumber: number;
  events?: RunEvents;
  cancelGraceMs?: number;
}

export async function startRun(options: StartRunOptions): Promise<RunHandle> {
  const { projectDir, dataset, spec } = options;
  const { task } = validateSpec(spec, dataset); // throws before anything is written
  const runId = newId('r');
  const record: RunRecord = {
    schemaVersion: SCHEMA_VERSION,
    id: runId,
    name: runLabel(options.runNumber, spec),
    createdAt: new Date().toISOString(),
    status: 'running',
    spec,
    task,
    epochsRun: 0,
    dataset: datasetVersionRef(dataset),
  };
  await writeRun(projectDir, record);

  const job = new WorkerJob<RunRecord>({
    record,
    persist: (r) => writeRun(projectDir, r),
    launchWorker: options.launchWorker,
    start: { type: 'start', runId, projectDir, spec, backendPreference: options.backendPreference },
    ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
    ...(options.events?.onFinished ? { onSettled: options.events.onFinished } : {}),
    onMessage: (message, job) => {
      if (recordPreparation(message, job)) return undefined;
      switch (message.type) {
        case 'epoch':
          job.patch({ epochsRun: message.epoch.epoch });
          job.enqueue(() => appendEpoch(projectDir, runId, message.epoch));
          options.events?.onEpoch?.(runId, message.epoch);
          return undefined;
        case 'done': {
          const { outcome } = message;
          return {
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
            ...(outcome.coefficientsByClass ? { coefficientsByClass: outcome.coefficientsByClass } : {}),
            ...(outcome.positiveClass !== undefined ? { positiveClass: outcome.positiveClass } : {}),
            ...(outcome.averaging ? { averaging: outcome.averaging } : {}),
            ...(outcome.progressUnit ? { progressUnit: outcome.progressUnit } : {}),
          };
        }
        case 'error':
          return { status: 'failed', error: message.error.message, stopReason: 'failed' };
        default:
          return undefined;
      }
    },
    onExit: (code, cancelling) =>
      cancelling
        ? { status: 'cancelled', stopReason: 'cancelled (training process stopped)' }
        : { status: 'failed', error: `The training process exited unexpectedly (exit code ${code ?? 'none'}).`, stopReason: 'failed' },
  });
  return { runId, done: job.done, cancel: () => job.cancel(), amend: (patch) => job.update(patch) };
}
