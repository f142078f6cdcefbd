// What the analyst asks of trained weights: how many, how many exactly zero (what L1 buys),
// how large (per-layer norms), how they are spread (histogram), and for linear models the
// coefficients themselves.
import type { WeightStats } from './types';

/** |w| below this counts as "near zero": float32 noise of an unregularized or L2 fit. */
export const NEAR_ZERO = 1e-6;

export interface LayerKernel {
  name: string;
  /** float32 from a tfjs variable, or float64 from a linear model's exact solver. */
  kernel: Float32Array | Float64Array;
}

const HISTOGRAM_BINS = 20;

function histogram(w: Float32Array | Float64Array): { edges: number[]; counts: number[] } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of w) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min) || min === max) {
    const c = Number.isFinite(min) ? min : 0;
    return { edges: [c, c], counts: [w.length] };
  }
  const width = (max - min) / HISTOGRAM_BINS;
  const edges = Array.from({ length: HISTOGRAM_BINS + 1 }, (_, i) => min + i * width);
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const v of w) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((v - min) / width))]! += 1;
  return { edges, counts };
}

/** Statistics over the kernels (biases are intercepts, not what sparsity is about). */
export function weightStats(layers: LayerKernel[]): WeightStats {
  const stats: WeightStats = { weights: 0, zeros: 0, nearZeros: 0, layers: [] };
  for (const { name, kernel } of layers) {
    let zeros = 0;
    let near = 0;
    let l1 = 0;
    let sq = 0;
    for (const v of kernel) {
      if (v === 0) zeros++;
      if (Math.abs(v) < NEAR_ZERO) near++;
      l1 += Math.abs(v);
      sq += v * v;
    }
    stats.weights += kernel.length;
    stats.zeros += zeros;
    stats.nearZeros += near;
    stats.layers.push({ name, weights: kernel.length, zeros, l1, l2: Math.sqrt(sq), histogram: histogram(kernel) });
  }
  return stats;
}

/** Kernel [inputs, outputs] row-major → one coefficient per input, or one row per class. */
export function coefficientsFromKernel(kernel: ArrayLike<number>, inputs: number, outputs: number): number[] | number[][] {
  // `+ 0` turns the -0 a soft threshold can leave into 0 for display.
  if (outputs === 1) return Array.from({ length: inputs }, (_, j) => (kernel[j] as number) + 0);
  return Array.from({ length: outputs }, (_, k) => Array.from({ length: inputs }, (_, j) => (kernel[j * outputs + k] as number) + 0));
}

/**
 * Regression coefficients back in the units of the original columns: a model fitted on
 * z = (x − mean)/std has ŷ = b + Σ c·z = (b − Σ c·mean/std) + Σ (c/std)·x.
 * A feature with std 0 (constant) contributes nothing and gets coefficient 0.
 */
export function coefficientsInOriginalUnits(
  coefStd: number[],
  intercept: number,
  means: number[],
  stds: number[],
): { coefOriginal: number[]; interceptOriginal: number } {
  let interceptOriginal = intercept;
  const coefOriginal = coefStd.map((c, j) => {
    const std = stds[j] ?? 1;
    if (!(std > 0)) return 0;
    const value = c / std;
    interceptOriginal -= value * (means[j] ?? 0);
    return value;
  });
  return { coefOriginal, interceptOriginal };
}
