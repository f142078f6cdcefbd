import { describe, expect, it } from 'vitest';
import { BLOCK_ROWS, MAX_SCROLL_PX, ROW_HEIGHT, blocksFor, blocksToDrop, rowWindow } from '../../../renderer/src/model/rowWindow';

describe('the rows a scroll position shows', () => {
  it('maps pixels to rows one to one for a small table', () => {
    const w = rowWindow(200, 10 * ROW_HEIGHT, 20 * ROW_HEIGHT, 4);
    expect(w.visibleFirst).toBe(10);
    expect(w.first).toBe(6);
    expect(w.padTop).toBe(6 * ROW_HEIGHT);
    expect(w.totalPx).toBe(200 * ROW_HEIGHT);
    expect(w.padTop + (w.end - w.first) * ROW_HEIGHT + w.padBottom).toBe(w.totalPx);
  });

  it('reaches the last of a million rows at the bottom of a capped scroll height', () => {
    const view = 500;
    const w = rowWindow(1_000_000, MAX_SCROLL_PX - view, view, 4);
    expect(w.totalPx).toBe(MAX_SCROLL_PX);
    expect(w.end).toBe(1_000_000);
    // The last row ends exactly at the bottom of the scroll area.
    expect(w.padTop + (w.end - w.first) * ROW_HEIGHT).toBeCloseTo(MAX_SCROLL_PX, 0);
    expect(w.end - w.first).toBeLessThan(40);
    const middle = rowWindow(1_000_000, (MAX_SCROLL_PX - view) / 2, view, 4);
    expect(Math.abs(middle.visibleFirst - 500_000)).toBeLessThan(20);
  });

  it('shows nothing for no rows and clamps a scroll past the end', () => {
    expect(rowWindow(0, 100, 500)).toMatchObject({ first: 0, end: 0, totalPx: 0, padTop: 0 });
    expect(rowWindow(10, 1e9, 100).end).toBe(10);
  });
});

describe('blocks to fetch and drop', () => {
  it('names the blocks of a row range and the far ones to drop', () => {
    expect(blocksFor(BLOCK_ROWS - 1, BLOCK_ROWS + 1)).toEqual([0, 1]);
    expect(blocksFor(5, 5)).toEqual([]);
    expect(blocksToDrop([0, 1, 40, 41, 90], [40, 41], 12)).toEqual([0, 1, 90]);
  });
});
