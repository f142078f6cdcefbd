// Centered cross-products of [X y] in float64: the Gram matrix XcᵀXc/n, Xcᵀyc/n and ycᵀyc/n that
// squared loss needs, in one pass over the rows after a pass for the means. Centering first (two
// passes) rather than correcting raw sums afterwards keeps the digits when a column sits far from
// zero. Rows are taken in blocks copied column-major into a small float64 buffer that stays in
// cache, and each column of the block is dotted with four others at a time: one load of the left
// column per four products, and independent sums the CPU can overlap. Building the Gram matrix
// was most of a λ path's time with one row at a time.

/** Rows per block: 21 columns × 128 rows × 8 bytes ≈ 21 KB, within a first-level cache. */
export const BLOCK_ROWS = 128;

export interface CenteredCrossProducts {
  xMean: Float64Array;
  yMean: number;
  /** p×p, row-major, symmetric, divided by n. */
  gram: Float64Array;
  /** Xcᵀyc / n. */
  xty: Float64Array;
  /** ycᵀyc / n. */
  yy: number;
}

/** Adds the upper triangle of blockᵀblock (columns of length `rows`, stride BLOCK_ROWS) to `sums` (q×q). */
export function accumulateBlock(block: Float64Array, rows: number, q: number, sums: Float64Array): void {
  let j = 0;
  // Two rows of the triangle at a time against four columns: eight products per six loads instead
  // of four per five. Every entry is still summed over i in order, so the bits are unchanged.
  for (; j + 1 < q; j += 2) {
    const oj = j * BLOCK_ROWS;
    const oi = oj + BLOCK_ROWS;
    // The two entries only row j has: (j, j) and (j, j + 1).
    let d0 = 0;
    let d1 = 0;
    for (let i = 0; i < rows; i++) {
      const a = block[oj + i] as number;
      d0 += a * a;
      d1 += a * (block[oi + i] as number);
    }
    sums[j * q + j] = (sums[j * q + j] as number) + d0;
    sums[j * q + j + 1] = (sums[j * q + j + 1] as number) + d1;
    let k = j + 1;
    for (; k + 3 < q; k += 4) {
      const o0 = k * BLOCK_ROWS;
      const o1 = o0 + BLOCK_ROWS;
      const o2 = o1 + BLOCK_ROWS;
      const o3 = o2 + BLOCK_ROWS;
      // Row j's entry (j, k) for k = j + 1 is done above; its sum s0 is dropped.
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let t0 = 0;
      let t1 = 0;
      let t2 = 0;
      let t3 = 0;
      for (let i = 0; i < rows; i++) {
        const a = block[oj + i] as number;
        const b = block[oi + i] as number;
        const c0 = block[o0 + i] as number;
        const c1 = block[o1 + i] as number;
        const c2 = block[o2 + i] as number;
        const c3 = block[o3 + i] as number;
        s0 += a * c0;
        s1 += a * c1;
        s2 += a * c2;
        s3 += a * c3;
        t0 += b * c0;
        t1 += b * c1;
        t2 += b * c2;
        t3 += b * c3;
      }
      const at = j * q + k;
      if (k !== j + 1) sums[at] = (sums[at] as number) + s0;
      sums[at + 1] = (sums[at + 1] as number) + s1;
      sums[at + 2] = (sums[at + 2] as number) + s2;
      sums[at + 3] = (sums[at + 3] as number) + s3;
      const bt = (j + 1) * q + k;
      sums[bt] = (sums[bt] as number) + t0;
      sums[bt + 1] = (sums[bt + 1] as number) + t1;
      sums[bt + 2] = (sums[bt + 2] as number) + t2;
      sums[bt + 3] = (sums[bt + 3] as number) + t3;
    }
    for (; k < q; k++) {
      const ok = k * BLOCK_ROWS;
      let s = 0;
      let t = 0;
      for (let i = 0; i < rows; i++) {
        const c = block[ok + i] as number;
        s += (block[oj + i] as number) * c;
        t += (block[oi + i] as number) * c;
      }
      if (k !== j + 1) sums[j * q + k] = (sums[j * q + k] as number) + s;
      sums[(j + 1) * q + k] = (sums[(j + 1) * q + k] as number) + t;
    }
  }
  for (; j < q; j++) {
    const oj = j * BLOCK_ROWS;
    let k = j;
    for (; k + 3 < q; k += 4) {
      const o0 = k * BLOCK_ROWS;
      const o1 = o0 + BLOCK_ROWS;
      const o2 = o1 + BLOCK_ROWS;
      const o3 = o2 + BLOCK_ROWS;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < rows; i++) {
        const a = block[oj + i] as number;
        s0 += a * (block[o0 + i] as number);
        s1 += a * (block[o1 + i] as number);
        s2 += a * (block[o2 + i] as number);
        s3 += a * (block[o3 + i] as number);
      }
      const at = j * q + k;
      sums[at] = (sums[at] as number) + s0;
      sums[at + 1] = (sums[at + 1] as number) + s1;
      sums[at + 2] = (sums[at + 2] as number) + s2;
      sums[at + 3] = (sums[at + 3] as number) + s3;
    }
    for (; k < q; k++) {
      const ok = k * BLOCK_ROWS;
      let s = 0;
      for (let i = 0; i < rows; i++) s += (block[oj + i] as number) * (block[ok + i] as number);
      sums[j * q + k] = (sums[j * q + k] as number) + s;
    }
  }
}

export function centeredCrossProducts(x: Float32Array, y: Float32Array, n: number, p: number): CenteredCrossProducts {
  const xMean = new Float64Array(p);
  let yMean = 0;
  for (let r = 0; r < n; r++) {
    const base = r * p;
    for (let j = 0; j < p; j++) xMean[j] = (xMean[j] as number) + (x[base + j] as number);
    yMean += y[r] as number;
  }
  for (let j = 0; j < p; j++) xMean[j] = (xMean[j] as number) / n;
  yMean /= n;

  // y rides along as column p, so Xᵀy and yᵀy come out of the same products.
  const q = p + 1;
  const block = new Float64Array(q * BLOCK_ROWS);
  const sums = new Float64Array(q * q);
  for (let r0 = 0; r0 < n; r0 += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - r0);
    for (let i = 0; i < rows; i++) {
      const base = (r0 + i) * p;
      for (let j = 0; j < p; j++) block[j * BLOCK_ROWS + i] = (x[base + j] as number) - (xMean[j] as number);
      block[p * BLOCK_ROWS + i] = (y[r0 + i] as number) - yMean;
    }
    accumulateBlock(block, rows, q, sums);
  }

  const gram = new Float64Array(p * p);
  const xty = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    xty[j] = (sums[j * q + p] as number) / n;
    for (let k = j; k < p; k++) {
      const v = (sums[j * q + k] as number) / n;
      gram[j * p + k] = v;
      gram[k * p + j] = v;
    }
  }
  return { xMean, yMean, gram, xty, yy: (sums[p * q + p] as number) / n };
}
