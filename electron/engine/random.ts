// A small seeded generator (mulberry32: 32-bit state, good enough for shuffling, very fast) so
// splits, shuffles and dropout masks repeat exactly for a seed on every machine; Math.random
// cannot be seeded, and tfjs' own seeded ops return the same numbers on every call.
export interface SeededRandom {
  (): number;
  /** The generator's whole state: seededRandom(state()) continues the same sequence (checkpoints). */
  state(): number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.assign(next, { state: () => state });
}

/** Fisher–Yates shuffle of 0..n-1 in place into `order`. */
export function shuffleInto(order: Int32Array, random: () => number): void {
  for (let i = 0; i < order.length; i++) order[i] = i;
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
}

/** An integer seed for a tfjs op, drawn from the run's generator. */
export function nextOpSeed(random: () => number): number {
  return Math.floor(random() * 2147483647);
}

/** Short, sortable, collision-resistant ids for datasets and runs. */
export function newId(prefix: string): string {
  const time = Date.now().toString(36);
  const rand = Math.floor(Math.random() * 36 ** 4).toString(36).padStart(4, '0');
  return `${prefix}-${time}-${rand}`;
}
