// A fold helper computes a few folds of made-up paths before it says it is ready, so the first
// real fold does not pay for V8 compiling the solvers: on 80,000×20 a fresh helper's first fold
// took ~1.2 s against ~0.55 s once the same code had run. Made-up numbers from a fixed recipe,
// nothing kept: a fold's result depends only on its own rows.
import { linearFoldErrors, type CvProblem } from './linearPath';

const ROWS = 4000;
const FEATURES = 10;

function madeUp(kind: 'bce' | 'mse'): CvProblem {
  const x = new Float32Array(ROWS * FEATURES);
  const y = new Float32Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    for (let j = 0; j < FEATURES; j++) x[r * FEATURES + j] = Math.sin((r + 1) * (j + 1) * 0.37);
    const signal = x[r * FEATURES]! - 0.5 * x[r * FEATURES + 1]! + 0.3 * Math.sin(r * 1.7);
    y[r] = kind === 'bce' ? (signal > 0 ? 1 : 0) : signal;
  }
  const grid = [0.3, 0.1, 0.03, 0.01, 0.003, 0.001].map((lambda1) => ({ lambda1, lambda2: 0 }));
  return { kind, p: FEATURES, k: 1, classes: kind === 'bce' ? 2 : 0, grid, cvMetric: kind === 'bce' ? 'loss' : 'mse', train: { x, y, rows: ROWS }, order: Int32Array.from({ length: ROWS }, (_, i) => i), folds: 2 };
}

/** Runs the logistic and the squared-error path once each; resolves when done. */
export async function warmUpFolds(): Promise<void> {
  for (const kind of ['bce', 'mse'] as const) await linearFoldErrors(madeUp(kind), 0, () => false);
}
