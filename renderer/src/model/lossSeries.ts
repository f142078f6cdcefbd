// Turns a run's epochs into chart points, thinned to what a chart can show: a 100 000-epoch run
// would otherwise hand the canvas 200 000 points on every redraw. Each series says what it is:
// the total (data loss + penalty, what the optimizer minimizes), or the parts when the engine
// reports them.
import type { EpochMetrics } from '../../../shared/domain';

export const MAX_POINTS = 1200;

export type Point = { x: number; y: number | null };

export interface LossSeries {
  /** Training objective: data loss + penalty. */
  loss: Point[];
  /** Validation loss as the engine reports it (data loss + penalty). */
  valLoss: Point[];
  trainData: Point[];
  valData: Point[];
  penalty: Point[];
  /** True when the engine split the loss into its parts. */
  hasParts: boolean;
}

export type SeriesKey = 'loss' | 'valLoss' | 'trainData' | 'valData' | 'penalty';

export const SERIES_LABELS: Record<SeriesKey, string> = {
  loss: 'Training total (data loss + penalty)',
  valLoss: 'Validation total (data loss + penalty)',
  trainData: 'Training data loss',
  valData: 'Validation data loss',
  penalty: 'Penalty',
};

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

export function lossSeries(curve: EpochMetrics[], maxPoints = MAX_POINTS): LossSeries {
  // Evenly spaced samples that always keep the first and the latest epoch.
  const step = curve.length > maxPoints ? (curve.length - 1) / (maxPoints - 1) : 1;
  const out: LossSeries = { loss: [], valLoss: [], trainData: [], valData: [], penalty: [], hasParts: false };
  const count = Math.min(curve.length, maxPoints);
  for (let i = 0; i < count; i++) {
    const e = curve[Math.round(i * step)];
    if (!e) continue;
    // Non-finite values would break the scale; they become gaps.
    out.loss.push({ x: e.epoch, y: finite(e.loss) });
    out.valLoss.push({ x: e.epoch, y: finite(e.valLoss) });
    out.trainData.push({ x: e.epoch, y: finite(e.lossParts?.data) });
    out.valData.push({ x: e.epoch, y: finite(e.valLossParts?.data) });
    out.penalty.push({ x: e.epoch, y: finite(e.lossParts?.penalty) });
    if (e.lossParts) out.hasParts = true;
  }
  return out;
}

/** What the x axis counts: iterations for the exact solver, epochs for gradient training. */
export function progressUnit(curve: EpochMetrics[], fallback: 'epoch' | 'iteration' = 'epoch'): 'epoch' | 'iteration' {
  return curve[0]?.unit ?? fallback;
}
