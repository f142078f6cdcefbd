// The seeded train/validation/test split, stratified by class for classification so that every
// class appears in every part in proportion.
import type { RunSpec } from '../../../shared/domain';
import { RegulaError } from '../errors';
import { seededRandom, shuffleInto } from '../random';

export interface RowSplit {
  train: number[];
  validation: number[];
  test: number[];
}

/** Positions 0..n-1 divided into the three parts, each sorted. */
export function splitRows(n: number, labels: Float32Array | undefined, spec: Pick<RunSpec, 'seed' | 'valSplit' | 'testSplit'>): RowSplit {
  if (spec.valSplit + spec.testSplit >= 0.95) {
    throw new RegulaError('bad-split', `Validation (${spec.valSplit}) and test (${spec.testSplit}) shares leave almost no rows for training; keep their sum below 0.95.`);
  }
  const random = seededRandom(spec.seed);
  const groups = new Map<number, number[]>();
  const order = new Int32Array(n);
  shuffleInto(order, random);
  if (!labels) groups.set(0, plainArray(order));
  else {
    for (const i of order) {
      const key = labels[i]!;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = []));
      g.push(i);
    }
  }
  const result: RowSplit = { train: [], validation: [], test: [] };
  for (const g of groups.values()) {
    const nTest = spec.testSplit > 0 ? Math.max(1, Math.round(g.length * spec.testSplit)) : 0;
    const nVal = spec.valSplit > 0 ? Math.max(1, Math.round(g.length * spec.valSplit)) : 0;
    // A loop, not push(...slice): spreading a group of 160,000+ rows overflows the call stack.
    for (let k = 0; k < nTest; k++) result.test.push(g[k]!);
    for (let k = nTest; k < nTest + nVal && k < g.length; k++) result.validation.push(g[k]!);
    for (let k = nTest + nVal; k < g.length; k++) result.train.push(g[k]!);
  }
  if (result.train.length < 2) {
    throw new RegulaError('no-rows', `The split leaves ${result.train.length} training row(s); lower the validation/test share.`);
  }
  // A typed array sorts numbers without a comparator call per comparison (seconds on a million rows).
  const sorted = (part: number[]): number[] => plainArray(Int32Array.from(part).sort());
  return { train: sorted(result.train), validation: sorted(result.validation), test: sorted(result.test) };
}

/** A typed array as a plain one, in a loop (Array.from on a typed array took seconds for a million rows). */
function plainArray(values: Int32Array): number[] {
  const out = new Array<number>(values.length);
  for (let k = 0; k < values.length; k++) out[k] = values[k]!;
  return out;
}
