// Which exact float64 solver a linear model gets. Coordinate descent (squared loss) and proximal
// Newton with coordinate descent inside (logistic, multinomial) reach the optimum in a few passes
// over the rows where FISTA needs hundreds; FISTA stays for the Huber loss and for very wide
// inputs, where a working-set Hessian (|S|² per row) would cost more than a gradient step.
import type { LossKind } from './losses';
import { gaussianSolver } from './gaussianCd';
import { logisticSolver, type ExactSolver } from './newtonCd';
import type { Split } from './types';

/** Above this many inputs the Gram / Hessian matrices stop paying for themselves. */
export const EXACT_MAX_INPUTS = 500;

export function exactSolverFor(kind: LossKind, split: Split, inputs: number, outputs: number): ExactSolver | null {
  if (inputs > EXACT_MAX_INPUTS) return null;
  if (kind === 'mse') return gaussianSolver(split, inputs);
  if (kind === 'bce' || kind === 'cce') return logisticSolver(kind, split, inputs, outputs);
  return null;
}

/** The solver name a linear fit reports (runs and sweeps alike). */
export function exactSolverName(kind: LossKind, inputs: number): string {
  if (inputs <= EXACT_MAX_INPUTS && kind === 'mse') return 'cd';
  if (inputs <= EXACT_MAX_INPUTS && (kind === 'bce' || kind === 'cce')) return 'newton-cd';
  return 'fista';
}
