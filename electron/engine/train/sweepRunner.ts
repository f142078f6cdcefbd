// Runs a regularization path in a worker process, keeping sweeps/<id>/sweep.json current as the
// points arrive, with the same crash and cancel guarantees as a single run.
import { SCHEMA_VERSION, type DatasetSummary, type SweepRecord, type SweepSpec } from '../../../shared/domain';
import { newId } from '../random';
import { currentOwner } from '../store/processOwner';
import { datasetVersionRef } from '../datasetVersions';
import { validateSpec } from '../prep/validateSpec';
import { writeSweep } from '../store/sweepStore';
import type { EngineEvents } from '../events';
import type { BackendPreference } from './backend';
import { sweepLabel } from '../../../shared/runLabel';
import type { LaunchWorker } from './workerChannel';
import { recordPreparation, WorkerJob } from './workerJob';

export interface SweepHandle {
  sweepId: string;
  done: Promise<SweepRecord>;
  cancel(hard?: boolean): void;
  /** Changes the record of the job in flight (its name, note, tags) without racing its own writes. */
  amend(patch: Partial<SweepRecord>): void;
}

export async function startSweep(options: {
  projectDir: string;
  dataset: DatasetSummary;
  spec: SweepSpec;
  launchWorker: LaunchWorker;
  backendPreference: BackendPreference;
  /** Where the sweep's contract events go (`sweep:progress`, `sweep:finished`). */
  events: EngineEvents;
}): Promise<SweepHandle> {
  const { projectDir, spec } = options;
  const { task } = validateSpec(spec.base, options.dataset);
  const sweepId = newId('s');
  const record: SweepRecord = {
    schemaVersion: SCHEMA_VERSION,
    id: sweepId,
    name: sweepLabel(spec),
    createdAt: new Date().toISOString(),
    status: 'running',
    owner: currentOwner(),
    spec,
    task,
    points: [],
    dataset: datasetVersionRef(options.dataset),
  };
  await writeSweep(projectDir, record);

  const job = new WorkerJob<SweepRecord>({
    record,
    persist: (r) => writeSweep(projectDir, r),
    launchWorker: options.launchWorker,
    start: { type: 'start-sweep', sweepId, projectDir, spec, backendPreference: options.backendPreference },
    onSettled: (sweep) => options.events.emit('sweep:finished', { sweep }),
    onMessage: (message, job) => {
      if (recordPreparation(message, job)) return undefined;
      switch (message.type) {
        case 'sweep-grid':
          job.update({ grid: message.grid });
          return undefined;
        case 'sweep-point': {
          // Points are kept by their position on the path; a resent point replaces the first one.
          const points = [...job.current.points];
          points[message.done - 1] = message.point;
          job.update({ points });
          options.events.emit('sweep:progress', { sweepId, point: message.point, done: message.done, total: message.total });
          return undefined;
        }
        case 'sweep-done':
          return {
            status: message.cancelled ? 'cancelled' : 'completed',
            solver: message.solver,
            chosen: message.chosen,
            ...(message.cvMetric ? { cvMetric: message.cvMetric } : {}),
            ...(message.lambdaMin !== undefined ? { lambdaMin: message.lambdaMin } : {}),
            ...(message.lambda1se !== undefined ? { lambda1se: message.lambda1se } : {}),
            ...(message.cvAtMin ? { cvAtMin: message.cvAtMin } : {}),
            ...(message.cvAt1se ? { cvAt1se: message.cvAt1se } : {}),
            ...(message.edge ? { edge: message.edge } : {}),
            ...(message.warnings ? { warnings: message.warnings } : {}),
          };
        case 'error':
          return { status: 'failed', error: message.error.message };
        default:
          return undefined;
      }
    },
    onExit: (code, cancelling) =>
      cancelling ? { status: 'cancelled' } : { status: 'failed', error: `The training process exited unexpectedly (exit code ${code ?? 'none'}).` },
    onFailure: (reason) => ({ status: 'failed', error: reason }),
  });
  return { sweepId, done: job.done, cancel: (hard?: boolean) => job.cancel(hard), amend: (patch) => job.update(patch) };
}
