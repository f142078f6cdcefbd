// Whether a finished training run is a usable model or a diverged one. A diverged run must end
// `failed` with its reason, never `completed` with a saved model whose numbers are garbage.
import type { TrainResult } from './types';

/** The reason the run diverged, or undefined when its loss and metrics are finite. */
export function divergedReason(result: Pick<TrainResult, 'stopReason' | 'loss' | 'metrics' | 'cancelled'>): string | undefined {
  if (result.cancelled) return undefined;
  if (result.stopReason.startsWith('diverged')) return result.stopReason.replace(/^diverged: /, '');
  if (!Number.isFinite(result.loss.total)) return `the training loss is ${result.loss.total}`;
  for (const [split, metrics] of Object.entries(result.metrics)) {
    for (const [name, value] of Object.entries(metrics ?? {})) {
      // Metrics that are undefined by nature (R² of a constant column) are NaN, not infinite.
      if (typeof value === 'number' && (value === Infinity || value === -Infinity || (name === 'mse' && !Number.isFinite(value)))) return `the ${split} ${name} is ${value}`;
    }
  }
  return undefined;
}
