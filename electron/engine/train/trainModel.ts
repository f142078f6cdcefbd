// The engine's one training entry point: a RunSpec and prepared matrices in, a trained tfjs model
// and everything reported about it out. Runs inside the training worker (see runner.ts).
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { runGradientLoop, type LoopOutcome } from './gradientLoop';
import { solveLinearRun } from './linearSolver';
import { lossKindFor, type LossKind } from './losses';
import { buildNetwork } from './network';
import { buildReport } from './report';
import type { LoopCheckpoint, PreparedData, TrainHooks, TrainModel, TrainResult } from './types';
import { validateData } from './validateData';

type TF = typeof tfType;

export type SolverChoice = 'fista' | 'gradient';

/** Linear models default to the exact full-batch solver; its smooth part rules out MAE. */
export function chooseSolver(spec: RunSpec, kind: LossKind): SolverChoice {
  if (spec.model.kind !== 'linear') {
    if (spec.solver === 'fista') throw new RegulaError('solver', 'The FISTA solver is for linear models; choose solver "gradient" or "auto" for a dense network.');
    return 'gradient';
  }
  if (spec.solver === 'gradient') return 'gradient';
  if (kind === 'mae') {
    if (spec.solver === 'fista') throw new RegulaError('solver', 'The FISTA solver needs a smooth loss; use loss "mse" or "huber", or solver "gradient" for "mae".');
    return 'gradient';
  }
  return 'fista';
}

/** Optional start for warm-started paths (λ sweep): a linear kernel [inputs×outputs] and bias. */
export interface TrainOptions {
  warmStart?: { kernel: Float64Array; bias: Float64Array };
  /** Cross-validation folds may hold a constant column by chance; they skip that check. */
  skipConstantCheck?: boolean;
  /** Continue a gradient-loop run from its checkpoint (exact linear solvers keep none). */
  resume?: LoopCheckpoint;
}

export async function trainModelWith(tf: TF, spec: RunSpec, data: PreparedData, hooks: TrainHooks, options: TrainOptions = {}): Promise<TrainResult> {
  validateData(data, !options.skipConstantCheck);
  const kind = lossKindFor(data.task, spec);
  const solver = chooseSolver(spec, kind);
  const classes = data.classes?.length ?? 0;
  const net = buildNetwork(tf, spec, data.task, data.featureNames.length, classes);
  try {
    if (options.resume && solver !== 'gradient') {
      throw new RegulaError('no-checkpoint', 'The exact linear solver keeps no checkpoint (it finishes in seconds); use Retry to train the run again.');
    }
    const linear = solver === 'fista' ? await solveLinearRun(tf, net, spec, kind, data, hooks, options.warmStart) : undefined;
    const outcome: LoopOutcome & { solver?: string } = linear ?? (await runGradientLoop(tf, net, spec, kind, data, hooks, options.resume));
    const report = buildReport(tf, net, kind, data, spec.model.kind === 'linear', linear);
    return {
      model: net.model,
      epochsRun: outcome.epochsRun,
      stopReason: outcome.stopReason,
      cancelled: outcome.cancelled,
      solver: outcome.solver ?? `${spec.optimizer.kind}${outcome.proxUsed ? '+prox-l1' : ''}`,
      ...(outcome.divergedAt !== undefined ? { divergedAt: outcome.divergedAt } : {}),
      ...(outcome.lastGoodEpoch !== undefined ? { lastGoodEpoch: outcome.lastGoodEpoch } : {}),
      ...report,
    };
  } catch (err) {
    net.model.dispose();
    throw err;
  }
}

export const trainModel: TrainModel = (tf, spec, data, hooks) => trainModelWith(tf, spec, data, hooks);
