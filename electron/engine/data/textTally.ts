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

  /** Room for `n` distinct texts without growing: for a column whose sample was all distinct. */
  reserve(n: number): void {
    if (n > this.counts.length) {
      const counts = new Int32Array(n);
      counts.set(this.counts);
      this.counts = counts;
      const hashes = new Int32Array(n);
      hashes.set(this.hashes);
      this.hashes = hashes;
    }
    let size = this.slots.length;
    while (size < 2 * n) size *= 2;
    if (size > this.slots.length) this.rehash(size);
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
