// Messages between a sweep and its fold helper processes (foldWorker.ts). Sent with Node's
// 'advanced' serialization, so the rows travel as typed arrays, not as JSON numbers. Each side
// parses what it receives: a confused helper must not put wrong numbers into a sweep.
import { z } from 'zod';

const PenaltyPair = z.object({ lambda1: z.number(), lambda2: z.number() });

export const CvProblemMessage = z.object({
  kind: z.enum(['mse', 'mae', 'huber', 'bce', 'cce']),
  p: z.number().int().positive(),
  k: z.number().int().positive(),
  classes: z.number().int().nonnegative(),
  grid: z.array(PenaltyPair),
  cvMetric: z.enum(['mse', 'loss']),
  train: z.object({ x: z.instanceof(Float32Array), y: z.instanceof(Float32Array), rows: z.number().int().nonnegative() }),
  order: z.instanceof(Int32Array),
  folds: z.number().int().min(2),
});

export const ToFoldHelper = z.discriminatedUnion('type', [
  z.object({ type: z.literal('setup'), cv: CvProblemMessage }),
  z.object({ type: z.literal('fold'), fold: z.number().int().nonnegative() }),
]);
export type ToFoldHelper = z.infer<typeof ToFoldHelper>;

export const FromFoldHelper = z.discriminatedUnion('type', [
  // NaN where the fold's metric is undefined, Infinity (DIVERGED_FOLD) where its fit diverged; both
  // survive 'advanced' serialization, not JSON. zod's number() refuses ±Infinity, hence the literal.
  z.object({ type: z.literal('fold-errors'), fold: z.number().int().nonnegative(), errors: z.array(z.union([z.number(), z.nan(), z.literal(Infinity)])) }),
  z.object({ type: z.literal('fold-failed'), fold: z.number().int().nonnegative(), message: z.string() }),
  // Booted and warmed up (foldWarmUp.ts): the pool's business, never a sweep's.
  z.object({ type: z.literal('ready') }),
]);
export type FromFoldHelper = z.infer<typeof FromFoldHelper>;
