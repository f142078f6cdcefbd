// The loss chart's x axis counts epochs or iterations: whole numbers only. A run of the exact solver
// that logs one point gave Chart.js a zero-width axis, which it labelled "1.00000000000000000000".
import { describe, expect, it } from 'vitest';
import { epochTick, lossChartOptions } from '../../../renderer/src/charts/lossChart';

describe('loss chart x axis', () => {
  it('labels whole epochs and iterations, grouped, and hides ticks between them', () => {
    expect(epochTick(1)).toBe('1');
    expect(epochTick('1.0000000000000000000')).toBe('1');
    expect(epochTick(1288)).toBe('1,288');
    expect(epochTick(0.5)).toBe('');
    expect(epochTick(1.0000000000000002)).toBe('');
  });

  it('is the formatter the chart uses', () => {
    const x = lossChartOptions('Epoch', {}).scales?.x as { ticks?: { callback?: unknown } };
    expect(x.ticks?.callback).toBe(epochTick);
  });
});
