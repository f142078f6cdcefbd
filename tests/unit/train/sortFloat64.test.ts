// The radix sort behind the AUC against the engine's own comparison sort (Float64Array.prototype.sort):
// the same order to the bit, on the awkward values too.
import { describe, expect, it } from 'vitest';
import { sortFloat64 } from '../../../electron/engine/train/sortFloat64';

function values(n: number, seed: number): Float64Array {
  let s = seed;
  const rand = (): number => (s = (s * 48271) % 2147483647) / 2147483647;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rand() * 8 - 4;
    // Wide exponents, subnormals and exact ties next to ordinary logits.
    out[i] = i % 11 === 0 ? u * 1e-310 : i % 13 === 0 ? u * 1e300 : i % 5 === 0 ? Math.round(u) : u;
  }
  [-0, 0, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE].forEach((v, i) => (out[i * 7] = v));
  return out;
}

describe('sortFloat64', () => {
  it.each([10, 4096, 20_000, 100_001])('gives Float64Array.prototype.sort\'s order for %i values', (n) => {
    const mine = values(n, n);
    const reference = Float64Array.from(mine).sort();
    sortFloat64(mine);
    expect(Buffer.from(mine.buffer).equals(Buffer.from(reference.buffer))).toBe(true);
  });

  it('sorts a subarray view in place and leaves the rest of its buffer alone', () => {
    const all = values(12_000, 3);
    const view = all.subarray(1000, 11_000);
    const before = Float64Array.from(all);
    const reference = Float64Array.from(view).sort();
    sortFloat64(view);
    expect(Buffer.from(view.slice().buffer).equals(Buffer.from(reference.buffer))).toBe(true);
    expect(Array.from(all.subarray(0, 1000))).toEqual(Array.from(before.subarray(0, 1000)));
    expect(Array.from(all.subarray(11_000))).toEqual(Array.from(before.subarray(11_000)));
  });
});
