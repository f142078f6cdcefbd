// Turns a run's epochs into chart points, thinned to what a chart can show: a 100 000-epoch run
// would otherwise hand the canvas 200 000 points on every redraw.
import type { EpochMetrics } from '../../../shared/domain';

export const MAX_POINTS = 1200;

export interface LossSeries {
  loss: { x: number; y: number | null }[];
  valLoss: { x: number; y: number | null }[];
}

const finite = (v: number | undefined): number | null => (v !== undefined && Number.isFinite(v) ? v : null);

export function lossSeries(curve: EpochMetrics[], maxPoints = MAX_POINTS): LossSeries {
  // Evenly spaced samples that always keep the first and the latest epoch.
  const step = curve.length > maxPoints ? (curve.length - 1) / (maxPoints - 1) : 1;
  const loss: LossSeries['loss'] = [];
  const valLoss: LossSeries['valLoss'] = [];
  const count = Math.min(curve.length, maxPoints);
  for (let i = 0; i < count; i++) {
    const e = curve[Math.round(i * step)];
    if (!e) continue;
    // Non-finite values would break the scale; they become gaps.
    loss.push({ x: e.epoch, y: finite(e.loss) });
    valLoss.push({ x: e.epoch, y: finite(e.valLoss) });
  }
  return { loss, valLoss };
}
