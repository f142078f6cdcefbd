// Messages between the engine and a training worker process. The parent parses everything the
// worker says (a crashed or confused worker must not corrupt a run record).
//
// The handshake: a worker first says `hello` with its protocol version (and the backend it has
// loaded while waiting); the parent sends the job only to a worker that speaks its version, since a
// worker built from other sources could misread a job. From then on the worker says something at
// least every HEARTBEAT_MS, so a worker that is silent far longer than that is hung, not busy.
import { z } from 'zod';
import { ClassCoefficients, Confusion, EpochMetrics, FeatureScaling, LossBreakdown, RowAccounting, RunSpec, SplitMetricsSet, SweepGrid, SweepPoint, SweepSpec, Task, UserError } from '../../../shared/domain';

/** Bump on any change to the messages below. */
export const WORKER_PROTOCOL_VERSION = 2;
/** How often a worker sends a heartbeat (from a timer, so it keeps coming during long epochs). */
export const HEARTBEAT_MS = 1000;
/**
 * How long a worker may stay silent before it is killed and its job failed. Generous: the timer
 * only stops when the worker's event loop is blocked, and loading or preparing a large table
 * blocks it for seconds.
 */
export const WATCHDOG_MS = 30_000;

export const StartMessage = z.object({
  type: z.literal('start'),
  runId: z.string(),
  projectDir: z.string(),
  spec: RunSpec,
  backendPreference: z.enum(['auto', 'native', 'wasm', 'cpu']),
  // Continue the run from runs/<id>/checkpoint.bin instead of from the seed.
  resume: z.boolean().optional(),
});
export type StartMessage = z.infer<typeof StartMessage>;

export const StartSweepMessage = z.object({
  type: z.literal('start-sweep'),
  sweepId: z.string(),
  projectDir: z.string(),
  spec: SweepSpec,
  backendPreference: z.enum(['auto', 'native', 'wasm', 'cpu']),
});
export type StartSweepMessage = z.infer<typeof StartSweepMessage>;

export const CancelMessage = z.object({ type: z.literal('cancel') });
export const ToWorker = z.discriminatedUnion('type', [StartMessage, StartSweepMessage, CancelMessage]);
export type ToWorker = z.infer<typeof ToWorker>;

export const RunOutcome = z.object({
  epochsRun: z.number().int(),
  stopReason: z.string(),
  cancelled: z.boolean(),
  metrics: SplitMetricsSet,
  loss: LossBreakdown,
  sparsity: z.object({ weights: z.number().int(), zeros: z.number().int() }),
  coefficients: z.array(z.object({ feature: z.string(), value: z.number(), valueOriginal: z.number().optional() })).optional(),
  intercept: z.union([z.number(), z.array(z.number())]).optional(),
  interceptOriginal: z.number().optional(),
  confusion: Confusion.optional(),
  solver: z.string(),
  modelDir: z.string(),
  coefficientsByClass: z.array(ClassCoefficients).optional(),
  positiveClass: z.string().optional(),
  averaging: z.enum(['binary', 'macro']).optional(),
  progressUnit: z.enum(['epoch', 'iteration']).optional(),
  // Set when the run diverged and the spec asked to keep the last good weights: the run is failed,
  // and the model saved holds the weights of epoch savedWeightsFrom.
  diverged: z.object({ reason: z.string(), divergedAt: z.number().int().optional(), savedWeightsFrom: z.number().int() }).optional(),
});
export type RunOutcome = z.infer<typeof RunOutcome>;

export const HelloMessage = z.object({
  type: z.literal('hello'),
  protocol: z.number().int(),
  backend: z.object({ name: z.string(), native: z.boolean(), note: z.string().optional() }).optional(),
});
export type HelloMessage = z.infer<typeof HelloMessage>;

export const FromWorker = z.discriminatedUnion('type', [
  HelloMessage,
  z.object({ type: z.literal('heartbeat') }),
  z.object({ type: z.literal('backend'), name: z.string(), native: z.boolean(), note: z.string().optional() }),
  z.object({ type: z.literal('prepared'), task: Task, classes: z.array(z.string()).optional(), features: z.array(FeatureScaling), rows: RowAccounting.optional() }),
  // A sweep's λ grid once known (derived from the data when the spec gave no from/to).
  z.object({ type: z.literal('sweep-grid'), grid: SweepGrid }),
  z.object({ type: z.literal('epoch'), epoch: EpochMetrics }),
  // A checkpoint at the end of this epoch is on disk (runs/<id>/checkpoint.bin).
  z.object({ type: z.literal('checkpoint'), epoch: z.number().int() }),
  z.object({ type: z.literal('done'), outcome: RunOutcome }),
  z.object({ type: z.literal('error'), error: UserError }),
  z.object({ type: z.literal('sweep-point'), point: SweepPoint, done: z.number().int(), total: z.number().int() }),
  z.object({
    type: z.literal('sweep-done'),
    solver: z.string(),
    cancelled: z.boolean(),
    cvMetric: z.enum(['mse', 'loss']).optional(),
    lambdaMin: z.number().optional(),
    lambda1se: z.number().optional(),
    chosen: z.object({ lambda: z.number(), rule: z.string() }),
    cvAtMin: z.object({ mean: z.number(), se: z.number() }).optional(),
    cvAt1se: z.object({ mean: z.number(), se: z.number() }).optional(),
    edge: z.enum(['largest', 'smallest']).optional(),
    warnings: z.array(z.string()).optional(),
  }),
]);
export type FromWorker = z.infer<typeof FromWorker>;
