// Property: the distinct counts and top categories computed without sorting or Maps agree with the
// obvious definitions (a Set of the values; a stable sort of the counts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numericStats, topCategories } from '../../../electron/engine/data/columnStats';
import { tallyTexts, TextTally } from '../../../electron/engine/data/textTally';

describe('column statistics', () => {
  it('numericStats.unique counts distinct non-missing values, -0 as 0', () => {
    const value = fc.oneof(fc.double(), fc.constantFrom(0, -0, NaN, 1, -1, 1e-300, 5e-324), fc.integer({ min: -3, max: 3 }));
    fc.assert(
      fc.property(fc.array(value, { maxLength: 3000 }), (values) => {
        const stats = numericStats(Float64Array.from(values));
        const present = values.filter((v) => !Number.isNaN(v));
        expect(stats.missing).toBe(values.length - present.length);
        expect(stats.unique).toBe(new Set(present.map((v) => v + 0)).size);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('keeps the digits of large, close values (timestamps) in mean and std', () => {
    const offsets = Float64Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 1000);
    const stamps = offsets.map((o) => 1.7e12 + o);
    const small = numericStats(offsets);
    const large = numericStats(stamps);
    expect(large.mean! - 1.7e12).toBeCloseTo(small.mean!, 6);
    expect(large.std!).toBeCloseTo(small.std!, 6);
    expect(small.std!).toBeCloseTo(Math.sqrt((1000 * 1000 - 1) / 12) * Math.sqrt(100_000 / 99_999), 6);
  });

  it('counts a million distinct values exactly', () => {
    const values = Float64Array.from({ length: 1_000_000 }, (_, i) => (i % 999_983) / 7 - 50_000);
    expect(numericStats(values).unique).toBe(999_983);
  });

  it('tallyTexts (counting a finished column) agrees with TextTally (counting as cells arrive)', () => {
    const text = fc.oneof(fc.constantFrom('a', 'b', 'é', 'c d', '', null), fc.string({ maxLength: 3 }), fc.integer({ min: 0, max: 50 }).map((i) => `id${i}`));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 600 }), (texts) => {
        const tally = new TextTally();
        for (const t of texts) if (t !== null) tally.add(t);
        const later = tallyTexts(texts);
        expect(later.size).toBe(tally.size);
        expect(later.values()).toEqual(tally.values);
        expect(Array.from(later.counts())).toEqual(Array.from(tally.counts.subarray(0, tally.size)));
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it('TextTally shares one string per distinct text and ranks the most frequent, ties by first appearance', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('a', 'b', 'ä', 'c d', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', ''), { maxLength: 400 }), (texts) => {
        const tally = new TextTally();
        const ascii = new TextTally();
        for (const t of texts) {
          tally.add(t);
          const b = Buffer.from(` ${t}\t`, 'utf8');
          if (ascii.addAscii(b, 0, b.length) === undefined) ascii.add(t);
        }
        const counts = new Map<string, number>();
        for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
        const want = [...counts].map(([value, count]) => ({ value, count })).sort((x, y) => y.count - x.count).slice(0, 10);
        expect(tally.size).toBe(counts.size);
        expect(topCategories(tally.values, tally.counts)).toEqual(want);
        expect(topCategories(ascii.values, ascii.counts)).toEqual(want);
      }),
      { numRuns: 500, seed: 9 },
    );
  });
});
