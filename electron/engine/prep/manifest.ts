// The preprocessing manifest saved with every model: everything needed to turn a new spreadsheet's
// columns into the model's inputs exactly as during training (fitted on training rows only).
import { z } from 'zod';
import { Task } from '../../../shared/domain';

export const InputEncoding = z.object({
  name: z.string(), // the model input's name: the column, or "column=value" for one-hot inputs
  source: z.string(), // the column it comes from
  kind: z.enum(['numeric', 'onehot']),
  category: z.string().optional(),
  mean: z.number(),
  std: z.number(),
});
export type InputEncoding = z.infer<typeof InputEncoding>;

export const PrepManifest = z.object({
  schemaVersion: z.number().int(),
  target: z.object({ name: z.string(), task: Task, classes: z.array(z.string()).optional() }),
  inputs: z.array(InputEncoding),
  missing: z.literal('drop-rows'),
  rows: z.object({
    total: z.number().int(),
    used: z.number().int(),
    dropped: z.number().int(),
    train: z.number().int(),
    validation: z.number().int(),
    test: z.number().int(),
  }),
  seed: z.number().int(),
});
export type PrepManifest = z.infer<typeof PrepManifest>;
