import { describe, expect, it } from 'vitest';
import type { EpochMetrics } from '../../../shared/domain';
import { lossSeries } from '../../../renderer/src/model/lossSeries';

const curve = (n: number): EpochMetrics[] =>
  Array.from({ length: n }, (_, i) => ({ epoch: i + 1, loss: 1 / (i + 1), valLoss: 2 / (i + 1), epochMs: 1 }));

describe('chart points for a loss curve', () => {
  it('keeps every epoch of a short run', () => {
    const s = lossSeries(curve(50));
    expect(s.loss).toHaveLength(50);
    expect(s.valLoss[49]).toEqual({ x: 50, y: 2 / 50 });
  });

  it('thins a long run to the limit, keeping the first and the latest epoch', () => {
    const s = lossSeries(curve(100_000), 1000);
    expect(s.loss).toHaveLength(1000);
    expect(s.loss[0]?.x).toBe(1);
    expect(s.loss.at(-1)?.x).toBe(100_000);
    const xs = s.loss.map((p) => p.x);
    expect([...xs].sort((a, b) => a - b)).toEqual(xs);
  });

  it('draws non-finite and absent values as gaps', () => {
    const s = lossSeries([
      { epoch: 1, loss: Number.POSITIVE_INFINITY, epochMs: 1 },
      { epoch: 2, loss: 0.5, epochMs: 1 },
    ]);
    expect(s.loss.map((p) => p.y)).toEqual([null, 0.5]);
    expect(s.valLoss.map((p) => p.y)).toEqual([null, null]);
  });
});
