import { describe, expect, it } from 'vitest';
import { splitRows } from '../../../electron/engine/prep/split';

describe('splitRows', () => {
  // A spread of a row-sized group (push(...slice)) overflowed the call stack from ~160,000 rows on.
  it('splits a million rows, every row in exactly one part, shares as asked', () => {
    const n = 1_000_000;
    const split = splitRows(n, undefined, { seed: 7, valSplit: 0.2, testSplit: 0.1 });
    expect(split.validation.length).toBe(Math.round(n * 0.2));
    expect(split.test.length).toBe(Math.round(n * 0.1));
    const seen = new Uint8Array(n);
    let unsorted = 0;
    for (const part of [split.train, split.validation, split.test]) {
      for (let k = 0; k < part.length; k++) {
        const row = part[k]!;
        if (k > 0 && row <= part[k - 1]!) unsorted++;
        seen[row]! += 1;
      }
    }
    expect(unsorted).toBe(0);
    expect(seen.every((count) => count === 1)).toBe(true);
  });

  it('keeps each class in proportion on 400,000 labelled rows', () => {
    const n = 400_000;
    const labels = new Float32Array(n);
    for (let i = 0; i < n; i++) labels[i] = i % 4 === 0 ? 1 : 0;
    const split = splitRows(n, labels, { seed: 1, valSplit: 0.25, testSplit: 0 });
    const positives = split.validation.filter((row) => labels[row] === 1).length;
    expect(positives).toBe(Math.round((n / 4) * 0.25));
    expect(split.train.length + split.validation.length).toBe(n);
  });
});
