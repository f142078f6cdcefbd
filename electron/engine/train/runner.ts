// Runs one training job in a worker process and keeps its record on disk current: run.json on
// every state change, one metrics.jsonl line per epoch. The worker may die at any moment (crash,
// kill, out of memory): then the run is marked failed with the reason, and the project stays valid.
import { SCHEMA_VERSION, type DatasetSummary, type RunRecord, type RunSpec } from '../../../shared/domain';
import { newId } from '../random';
import { currentOwner } from '../store/processOwner';
import { datasetVersionRef } from '../datasetVersions';
import { validateSpec } from '../prep/validateSpec';
import { appendEpoch, rewriteEpochs, writeRun } from '../store/runStore';
import type { CheckpointHeader } from '../store/checkpointFile';
import type { EngineEvents } from '../events';
import type { BackendPreference } from './backend';
import type { LaunchWorker } from './workerChannel';
import { recordPreparation, WorkerJob } from './workerJob';
import { runLabel } from '../../../shared/runLabel';

export interface RunHandle {
  runId: string;
  /** Resolves with the final record whatever happened (completed, cancelled or failed). */
  done: Promise<RunRecord>;
  /** Asks the worker to stop at the next batch (kills it if it does not stop in time); hard: kills it now. */
  cancel(hard?: boolean): void;
  /** Changes the record of the job in flight (its name, note, tags) without racing its own writes. */
  amend(patch: Partial<RunRecord>): void;
}

export interface StartRunOptions {
  projectDir: string;
  dataset: DatasetSummary;
  spec: RunSpec;
  launchWorker: LaunchWorker;
  backendPreference: BackendPreference;
  runNumber: number;
  /** Where the run's contract events go (`training:progress`, `training:finished`). */
  events: EngineEvents;
  cancelGraceMs?: number;
  /** Silence after which the worker is killed and the run failed (tests shorten it). */
  watchdogMs?: number;
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
    owner: currentOwner(),
    spec,
    task,
    epochsRun: 0,
    dataset: datasetVersionRef(dataset),
  };
  await writeRun(projectDir, record);
  return superviseRun(options, record, false);
}

export interface ResumeRunOptions extends Omit<StartRunOptions, 'runNumber' | 'spec'> {
  run: RunRecord;
  checkpoint: CheckpointHeader;
}

/**
 * Continues an interrupted, cancelled or failed run from its checkpoint: the same run id and
 * record, metrics.jsonl cut back to the checkpoint's epochs (so the curve has no duplicate or
 * missing epoch), then a worker that starts from the saved weights and optimizer state.
 */
export async function resumeRun(options: ResumeRunOptions): Promise<RunHandle> {
  const { projectDir, run, checkpoint } = options;
  validateSpec(run.spec, options.dataset); // throws before anything is written
  await rewriteEpochs(projectDir, run.id, checkpoint.epochs);
  // What the finished attempt reported goes; what the run is (name, spec, notes) stays.
  const record: RunRecord = {
    schemaVersion: SCHEMA_VERSION,
    id: run.id,
    name: run.name,
    createdAt: run.createdAt,
    status: 'running',
    owner: currentOwner(),
    spec: run.spec,
    ...(run.task ? { task: run.task } : {}),
    epochsRun: checkpoint.epoch,
    ...(run.dataset ? { dataset: run.dataset } : {}),
    ...(run.note !== undefined ? { note: run.note } : {}),
    ...(run.tags ? { tags: run.tags } : {}),
    checkpoint: { epoch: checkpoint.epoch, savedAt: checkpoint.savedAt },
    resumedFrom: [...(run.resumedFrom ?? []), checkpoint.epoch],
  };
  await writeRun(projectDir, record);
  return superviseRun(options, record, true);
}

function superviseRun(options: Omit<StartRunOptions, 'runNumber' | 'spec'>, record: RunRecord, resume: boolean): RunHandle {
  const { projectDir } = options;
  const { spec, id: runId } = record;
  const job = new WorkerJob<RunRecord>({
    record,
    persist: (r) => writeRun(projectDir, r),
    launchWorker: options.launchWorker,
    start: { type: 'start', runId, projectDir, spec, backendPreference: options.backendPreference, ...(resume ? { resume: true } : {}) },
    ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
    ...(options.watchdogMs !== undefined ? { watchdogMs: options.watchdogMs } : {}),
    onSettled: (run) => options.events.emit('training:finished', { run }),
    onMessage: (message, job) => {
      if (recordPreparation(message, job)) return undefined;
      switch (message.type) {
        case 'epoch':
          job.patch({ epochsRun: message.epoch.epoch });
          job.enqueue(() => appendEpoch(projectDir, runId, message.epoch));
          options.events.emit('training:progress', { runId, epoch: message.epoch });
          return undefined;
        case 'checkpoint':
          job.update({ checkpoint: { epoch: message.epoch, savedAt: new Date().toISOString() } });
          return undefined;
        case 'done': {
          const { outcome } = message;
          const { diverged } = outcome;
          return {
            // A diverged run is failed even when the analyst kept its last good weights.
            status: diverged ? 'failed' : outcome.cancelled ? 'cancelled' : 'completed',
            // The worker removed the checkpoint of a run that was not cancelled; a cancelled run keeps its own.
            ...(outcome.cancelled ? {} : { checkpoint: undefined }),
            ...(diverged
              ? {
                  error: `Training diverged: ${diverged.reason}. Kept the weights from epoch ${diverged.savedWeightsFrom}, the last with a finite loss, as you asked.`,
                  savedWeightsFrom: diverged.savedWeightsFrom,
                  ...(diverged.divergedAt !== undefined ? { divergedAt: diverged.divergedAt } : {}),
                }
              : {}),
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
    onFailure: (reason) => ({ status: 'failed', error: reason, stopReason: 'failed' }),
  });
  return { runId, done: job.done, cancel: (hard?: boolean) => job.cancel(hard), amend: (patch) => job.update(patch) };
}
