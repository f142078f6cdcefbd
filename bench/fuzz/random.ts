// A small seeded random source for the fuzz campaign: the same seed makes the same files, so any
// failure it finds can be made again from its number alone.
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** An index chosen with the given weights. */
  weighted(weights: readonly number[]): number {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.next() * 256);
    return out;
  }
}

/** Byte-level damage: flips, random inserts and deletes, duplicated chunks, truncation. */
export function mutateBytes(random: Random, input: Uint8Array, edits = random.int(1, 8)): Uint8Array {
  let bytes: Uint8Array = Uint8Array.from(input);
  for (let e = 0; e < edits; e++) {
    const at = bytes.length ? random.int(0, bytes.length - 1) : 0;
    switch (random.int(0, 5)) {
      case 0:
        if (bytes.length) bytes[at] = bytes[at]! ^ (1 << random.int(0, 7));
        break;
      case 1:
        if (bytes.length) bytes[at] = random.int(0, 255);
        break;
      case 2: {
        const insert = random.bytes(random.int(1, 16));
        bytes = concat(bytes.subarray(0, at), insert, bytes.subarray(at));
        break;
      }
      case 3:
        bytes = concat(bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + random.int(1, 64))));
        break;
      case 4: {
        const chunk = bytes.subarray(at, Math.min(bytes.length, at + random.int(1, 256)));
        bytes = concat(bytes.subarray(0, at), chunk, chunk, bytes.subarray(at));
        break;
      }
      default:
        bytes = bytes.subarray(0, at);
    }
  }
  return bytes;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
