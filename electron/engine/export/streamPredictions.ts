// Scores a planned prediction a block of rows at a time into a writer (a file, stdout), rounding
// the model's columns unless full precision was asked for, and reporting progress after each
// block. Only one block of output rows exists at a time, so a million-row file's output is never
// one array or one string; the writer's promise is awaited per block, so stdout's backpressure and
// the event loop (progress events reaching a window) get their turn.
import type { EventOf } from '../../../shared/contract';
import type { Cell, PredictionPlan, Predictions } from './predict';
import { roundPredictionRow } from './predictionPrecision';

export interface RowSink {
  write(rows: Cell[][]): Promise<void>;
}

export interface StreamOptions {
  /** Keep the model's float values (default: rounded, see predictionPrecision.ts). */
  fullPrecision?: boolean;
  chunkRows?: number;
  /** After each block: rows written so far (predicted or skipped) and the file's rows. */
  onProgress?: (rowsDone: number, rows: number) => void;
  /** How many of the first output rows to keep for a preview (default 0). */
  previewRows?: number;
}

export type StreamedPredictions = Omit<Predictions, 'rows'> & { rows: number; preview: Cell[][] };

export async function streamPredictions(plan: PredictionPlan, sink: RowSink, options: StreamOptions = {}): Promise<StreamedPredictions> {
  const preview: Cell[][] = [];
  const previewRows = options.previewRows ?? 0;
  let done = 0;
  for (const chunk of plan.chunks(options.chunkRows)) {
    const rows = options.fullPrecision ? chunk : chunk.map((row) => roundPredictionRow(row, plan.firstOutputColumn, plan.task));
    for (const row of rows) {
      if (preview.length >= previewRows) break;
      preview.push(row);
    }
    await sink.write(rows);
    done += rows.length;
    options.onProgress?.(done, plan.rowCount);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const { header, predicted, skipped, unmapped, unmappedCount } = plan;
  return { header, rows: plan.rowCount, preview, predicted, skipped, unmapped, unmappedCount };
}

export type PredictProgress = Omit<EventOf<'predict:progress'>, 'runId' | 'fileName'>;

/** At most ten progress events a second (a window needs no more), but always each phase's end. */
export function throttledProgress(emit: (payload: PredictProgress) => void): (payload: PredictProgress) => void {
  let last = 0;
  return (payload) => {
    const now = Date.now();
    if (now - last < 100 && payload.fraction < 1) return;
    last = now;
    emit({ ...payload, fraction: Math.min(1, Math.max(0, payload.fraction)) });
  };
}
