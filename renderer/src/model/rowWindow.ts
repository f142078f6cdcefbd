// The arithmetic of the virtualized preview: which rows a scroll position shows, where they sit,
// and which blocks of rows to fetch and keep. Pure, so it is tested without a browser.

/** Fixed row height (px): every row is one line, so a row's position is its index times this. */
export const ROW_HEIGHT = 26;
/**
 * Browsers stop laying out boxes taller than ~33 million px (Chromium) or less (Firefox, Safari).
 * Past this height the scrollbar maps onto the rows proportionally instead of one pixel per pixel.
 */
export const MAX_SCROLL_PX = 8_000_000;
/** Rows per `dataset:preview` request (the contract allows up to 1000). */
export const BLOCK_ROWS = 200;
/** Blocks kept around the visible ones; farther blocks are dropped so memory stays flat. */
export const KEEP_BLOCKS = 12;

export interface RowWindow {
  /** First and last (exclusive) row index to render, overscan included. */
  first: number;
  end: number;
  /** Height of the spacer above the first rendered row and below the last one (px). */
  padTop: number;
  padBottom: number;
  /** Height the scroll area pretends to have (px). */
  totalPx: number;
  /** First row fully or partly in view and the count in view (for "rows a–b of n"). */
  visibleFirst: number;
  visibleCount: number;
}

/**
 * Rows to render for a scroll position. `viewportPx` is the height rows can use (below a sticky
 * header). When the rows would be taller than MAX_SCROLL_PX, scroll position maps linearly onto the
 * rows, so the last row is reached exactly at the bottom of the scrollbar.
 */
export function rowWindow(rows: number, scrollTop: number, viewportPx: number, overscan = 8, rowHeight = ROW_HEIGHT): RowWindow {
  const naturalPx = rows * rowHeight;
  const totalPx = Math.min(naturalPx, MAX_SCROLL_PX);
  const view = Math.max(0, viewportPx);
  const inView = Math.ceil(view / rowHeight) + 1;
  const top = Math.max(0, Math.min(scrollTop, Math.max(0, totalPx - view)));
  let exactFirst: number;
  let rowTopPx: (row: number) => number;
  if (naturalPx <= MAX_SCROLL_PX) {
    exactFirst = top / rowHeight;
    rowTopPx = (row) => row * rowHeight;
  } else {
    // Scaled: the fraction of the scrollbar travelled is the fraction of the rows passed.
    const travel = Math.max(1, totalPx - view);
    const lastFirst = Math.max(0, rows - view / rowHeight);
    exactFirst = (top / travel) * lastFirst;
    const shift = top - exactFirst * rowHeight;
    rowTopPx = (row) => row * rowHeight + shift;
  }
  const visibleFirst = Math.min(Math.max(0, rows - 1), Math.floor(exactFirst));
  let first = Math.max(0, visibleFirst - overscan);
  // Scaled rows above the view may sit above the scroll area's top; start at the first visible one.
  if (rowTopPx(first) < 0) first = visibleFirst;
  const end = Math.min(rows, visibleFirst + inView + overscan);
  const padTop = rows === 0 ? 0 : Math.max(0, rowTopPx(first));
  const padBottom = Math.max(0, totalPx - padTop - (end - first) * rowHeight);
  const visibleCount = Math.max(0, Math.min(rows - visibleFirst, Math.floor((exactFirst + view / rowHeight) - visibleFirst + 0.001)));
  return { first, end, padTop, padBottom, totalPx, visibleFirst, visibleCount };
}

/** Blocks (of BLOCK_ROWS) that hold rows [first, end). */
export function blocksFor(first: number, end: number, blockRows = BLOCK_ROWS): number[] {
  if (end <= first) return [];
  const out: number[] = [];
  for (let b = Math.floor(first / blockRows); b <= Math.floor((end - 1) / blockRows); b++) out.push(b);
  return out;
}

/** Blocks to drop: those farther than `keep` blocks from any wanted one. */
export function blocksToDrop(held: Iterable<number>, wanted: number[], keep = KEEP_BLOCKS): number[] {
  if (wanted.length === 0) return [];
  const lo = Math.min(...wanted) - keep;
  const hi = Math.max(...wanted) + keep;
  return [...held].filter((b) => b < lo || b > hi);
}
