// When a training worker saves a checkpoint: every REGULA_CHECKPOINT_SECONDS of training (5 s by
// default) and, if set, every REGULA_CHECKPOINT_EPOCHS epochs, always at an epoch's end. Time, not
// epochs, by default: an epoch takes milliseconds on a small table and minutes on a big one, and
// what a kill should cost at most is a few seconds of work, whatever the table.
import type { EpochMetrics } from '../../../shared/domain';
import { writeCheckpoint } from '../store/checkpointFile';
import type { LoopCheckpoint, TrainHooks } from './types';

export const DEFAULT_CHECKPOINT_SECONDS = 5;

export interface CheckpointPolicy {
  everyMs: number;
  everyEpochs: number;
}

export function checkpointPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): CheckpointPolicy {
  const seconds = Number(env.REGULA_CHECKPOINT_SECONDS ?? DEFAULT_CHECKPOINT_SECONDS);
  const epochs = Number(env.REGULA_CHECKPOINT_EPOCHS ?? 0);
  return {
    everyMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_CHECKPOINT_SECONDS * 1000,
    everyEpochs: Number.isInteger(epochs) && epochs > 0 ? epochs : 0,
  };
}

/**
 * The hooks a run's loop saves checkpoints through. `epochs` holds the metrics sent so far (a
 * resumed run starts with the checkpoint's); each checkpoint carries them (see checkpointFile).
 */
export function checkpointHooks(
  projectDir: string,
  runId: string,
  epochs: EpochMetrics[],
  onSaved: (epoch: number) => void,
  policy: CheckpointPolicy = checkpointPolicyFromEnv(),
): Required<Pick<TrainHooks, 'checkpointDue' | 'saveCheckpoint'>> {
  let lastSaved = performance.now();
  return {
    checkpointDue: (epoch) => (policy.everyEpochs > 0 && epoch % policy.everyEpochs === 0) || performance.now() - lastSaved >= policy.everyMs,
    saveCheckpoint: async (state: LoopCheckpoint) => {
      await writeCheckpoint(projectDir, runId, state, epochs);
      lastSaved = performance.now();
      onSaved(state.epoch);
    },
  };
}
