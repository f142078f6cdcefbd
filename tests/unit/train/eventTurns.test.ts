// A sweep computing a long λ path still reads its messages: each solve is short (tens of ms) but
// the path is long, and a cancel (or a fold helper's answer, or a heartbeat) that arrives while it
// runs must be seen before the path ends — the event loop gets a turn between solves.
import { describe, expect, it } from 'vitest';
import { logGrid, runSweep } from '../../../electron/engine/train/sweep';
import { TURN_EVERY_MS } from '../../../electron/engine/train/eventTurns';
import { specFor } from './fixtures';
import { wasmTf } from './tfBackend';

function logisticRows(rows: number, p: number): { x: Float32Array; y: Float32Array } {
  let s = 12345;
  const rand = (): number => ((s = (s * 48271) % 2147483647) / 2147483647);
  const x = new Float32Array(rows * p);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let t = 0;
    for (let j = 0; j < p; j++) {
      const v = rand() * 2 - 1;
      x[r * p + j] = v;
      if (j < 4) t += (j + 1) * v;
    }
    y[r] = rand() < 1 / (1 + Math.exp(-t)) ? 1 : 0;
  }
  return { x, y };
}

describe('event-loop turns during a path', () => {
  it('a timer set when the sweep starts fires, and its cancel lands, before the path ends', async () => {
    const tf = await wasmTf();
    const p = 20;
    const rows = 60_000;
    const { x, y } = logisticRows(rows, p);
    const featureNames = Array.from({ length: p }, (_, j) => `x${j}`);
    const data = { task: 'binary' as const, featureNames, classes: ['0', '1'], train: { x, y, rows }, validation: { x: new Float32Array(0), y: new Float32Array(0), rows: 0 } };
    let stop = false;
    let pointsWhenFired = -1;
    const points: number[] = [];
    // Fires at the first turn the sweep gives after TURN_EVERY_MS.
    setTimeout(() => {
      stop = true;
      pointsWhenFired = points.length;
    }, TURN_EVERY_MS);
    const grid = logGrid(0.2, 0.0002, 40);
    const result = await runSweep(tf, specFor(featureNames), data, { reg: 'l1', lambdas: grid }, { onPoint: (pt) => points.push(pt.lambda), shouldStop: () => stop });
    expect(pointsWhenFired).toBeGreaterThanOrEqual(0);
    expect(result.cancelled).toBe(true);
    expect(result.points.length).toBeLessThan(grid.length);
  }, 120_000);
});
