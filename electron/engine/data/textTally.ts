// The distinct texts of a column with how often each occurs, in order of first appearance: one
// shared string per distinct value (a category column of a million rows holds a few strings), an
// exact `unique` count, and the counts for the most frequent categories.
//
// An open-addressing table over our own string hash rather than a Map<string, number>: a Map of a
// million distinct ids cost more than the rest of an import, and here a repeated ASCII cell read
// from bytes is found without ever building its string.

const EMPTY = -1;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function finalize(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function hashText(text: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return finalize(h);
}

export class TextTally {
  /** Distinct texts in order of first appearance. */
  readonly values: string[] = [];
  counts = new Int32Array(16);
  private hashes = new Int32Array(16);
  /** Index into `values` per slot, EMPTY for a free slot. Kept at most half full. */
  private slots = new Int32Array(64).fill(EMPTY);

  get size(): number {
    return this.values.length;
  }

  /** The shared copy of `text`, counted once more. */
  add(text: string): string {
    const h = hashText(text);
    const mask = this.slots.length - 1;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const at = this.slots[j]!;
      if (at === EMPTY) return this.insert(j, h, text);
      if (this.hashes[at] === h && this.values[at] === text) {
        this.counts[at]!++;
        return this.values[at]!;
      }
    }
  }

  /**
   * As `add` for the ASCII bytes b[start, end) with surrounding whitespace trimmed (for ASCII text
   * that is exactly what String.prototype.trim removes). Undefined when a byte is not ASCII: the
   * caller then decodes the field and calls `add`.
   */
  addAscii(b: Buffer, start: number, end: number): string | undefined {
    while (start < end && isSpace(b[start]!)) start++;
    while (end > start && isSpace(b[end - 1]!)) end--;
    let h = FNV_OFFSET;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c >= 128) return undefined;
      h = Math.imul(h ^ c, FNV_PRIME);
    }
    h = finalize(h);
    const length = end - start;
    const mask = this.slots.length - 1;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const at = this.slots[j]!;
      if (at === EMPTY) return this.insert(j, h, b.toString('latin1', start, end));
      if (this.hashes[at] !== h) continue;
      const known = this.values[at]!;
      if (known.length !== length) continue;
      let same = true;
      for (let k = 0; k < length; k++) {
        if (known.charCodeAt(k) !== b[start + k]) {
          same = false;
          break;
        }
      }
      if (same) {
        this.counts[at]!++;
        return known;
      }
    }
  }

  private insert(slot: number, h: number, text: string): string {
    const at = this.values.length;
    if (at === this.counts.length) {
      const counts = new Int32Array(Math.max(16, at * 2));
      counts.set(this.counts);
      this.counts = counts;
      const hashes = new Int32Array(Math.max(16, at * 2));
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    this.values.push(text);
    this.counts[at] = 1;
    this.hashes[at] = h;
    this.slots[slot] = at;
    if (2 * (at + 1) > this.slots.length) this.rehash(this.slots.length * 2);
    return text;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size).fill(EMPTY);
    const mask = slots.length - 1;
    for (let at = 0; at < this.values.length; at++) {
      let j = this.hashes[at]! & mask;
      while (slots[j] !== EMPTY) j = (j + 1) & mask;
      slots[j] = at;
    }
    this.slots = slots;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Bits of the bucket number in tallyTexts: 256 buckets of a million texts fit the CPU caches. */
const BUCKET_BITS = 8;

/**
 * The tally of a finished column's texts (null = missing), for a column that skipped tallying
 * while it streamed (its sample was all distinct, as ids and notes are). Exact, like TextTally, but
 * computed in cache-friendly passes: hash every text, group the rows by a hash bucket, then find
 * each bucket's distinct texts in a small table. Texts are listed in order of first appearance.
 */
export function tallyTexts(texts: readonly (string | null)[]): { size: number; values(): string[]; counts(): Int32Array } {
  const n = texts.length;
  const hashes = new Int32Array(n);
  const shift = 32 - BUCKET_BITS;
  const ends = new Int32Array(1 << BUCKET_BITS);
  for (let i = 0; i < n; i++) {
    const t = texts[i];
    if (t === null || t === undefined) continue;
    const h = hashText(t);
    hashes[i] = h;
    ends[h >>> shift]!++;
  }
  let largest = ends[0]!;
  for (let b = 1; b < ends.length; b++) {
    largest = Math.max(largest, ends[b]!);
    ends[b]! += ends[b - 1]!;
  }
  // Rows grouped by bucket, each bucket in row order (filled backwards, so scan rows backwards).
  const fill = ends.slice();
  const rows = new Int32Array(ends[ends.length - 1]!);
  for (let i = n - 1; i >= 0; i--) {
    if (texts[i] === null || texts[i] === undefined) continue;
    rows[--fill[hashes[i]! >>> shift]!] = i;
  }
  // first[i] = the row where row i's text first appears; count[first] = its occurrences.
  const count = new Int32Array(n);
  let size = 16;
  while (size < 2 * largest) size *= 2;
  const table = new Int32Array(size);
  let unique = 0;
  for (let b = 0; b < ends.length; b++) {
    const from = fill[b]!;
    const to = ends[b]!;
    let mask = 16;
    while (mask < 2 * (to - from)) mask *= 2;
    mask -= 1;
    table.fill(-1, 0, mask + 1);
    for (let k = from; k < to; k++) {
      const row = rows[k]!;
      const h = hashes[row]!;
      const text = texts[row];
      for (let j = h & mask; ; j = (j + 1) & mask) {
        const seen = table[j]!;
        if (seen < 0) {
          table[j] = row;
          count[row] = 1;
          unique++;
          break;
        }
        if (hashes[seen] === h && texts[seen] === text) {
          count[seen]!++;
          break;
        }
      }
    }
  }
  const firsts = () => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (count[i]! > 0) out.push(i);
    return out;
  };
  return {
    size: unique,
    values: () => firsts().map((i) => texts[i]!),
    counts: () => Int32Array.from(firsts(), (i) => count[i]!),
  };
}
