// The preprocessing manifest saved with every model: everything needed to turn a new spreadsheet's
// columns into the model's inputs exactly as during training (fitted on training rows only).
import { z } from 'zod';
import { MissingMarkerSettings, MissingStrategy, Task } from '../../../shared/domain';

export const InputEncoding = z.object({
  name: z.string(), // the model input's name: the column, or "column=value" for one-hot inputs
  source: z.string(), // the column it comes from
  kind: z.enum(['numeric', 'onehot']),
  category: z.string().optional(), // one-hot: the category; absent with `other` for the rest
  other: z.boolean().optional(),
  mean: z.number(),
  std: z.number(),
});
export type InputEncoding = z.infer<typeof InputEncoding>;

/** How one source column becomes inputs: its missing-value rule and the fitted fill value. */
export const ColumnEncoding = z.object({
  name: z.string(),
  kind: z.enum(['numeric', 'category']),
  missing: MissingStrategy,
  fill: z.union([z.number(), z.string()]).optional(), // what a missing cell becomes (raw units)
  categories: z.array(z.string()).optional(), // kept one-hot categories, most frequent first
  hasOther: z.boolean().optional(),
});
export type ColumnEncoding = z.infer<typeof ColumnEncoding>;

export const PrepManifest = z.object({
  schemaVersion: z.number().int(),
  target: z.object({ name: z.string(), task: Task, classes: z.array(z.string()).optional() }),
  columns: z.array(ColumnEncoding),
  inputs: z.array(InputEncoding),
  rows: z.object({
    total: z.number().int(),
    used: z.number().int(),
    dropped: z.number().int(),
    train: z.number().int(),
    validation: z.number().int(),
    test: z.number().int(),
  }),
  seed: z.number().int(),
  // The missing-value markers in force for the model's columns at training, where they were not
  // the defaults (a chosen "-999", or "None" kept as a category): a new file is read with them.
  missingMarkers: MissingMarkerSettings.optional(),
});
export type PrepManifest = z.infer<typeof PrepManifest>;
