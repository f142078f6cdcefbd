// How a run or a sweep is named in words, the same in the window, the CLI and the run record, so
// an analyst who reads "L1 λ=0.05" in one place finds the same words in every other.
import type { RunSpecInput, SweepSpecInput } from './domain';

type Reg = NonNullable<RunSpecInput['regularizer']>;

/** λ to four significant digits: a λ picked from a sweep (0.009850612054411158) reads as 0.009851. */
function lam(value: number): string {
  return String(Number(value.toPrecision(4)));
}
type Model = NonNullable<RunSpecInput['model']>;

export function describeRegularizer(reg: Reg | undefined): string {
  if (!reg || reg.kind === 'none') return 'no penalty';
  if (reg.kind === 'l1') return `L1 λ=${lam(reg.l1)}`;
  if (reg.kind === 'l2') return `L2 λ=${lam(reg.l2)}`;
  return `L1+L2 λ₁=${lam(reg.l1)} λ₂=${lam(reg.l2)}`;
}

export function describeModel(model: Model | undefined): string {
  if (!model || model.kind === 'linear') return 'linear';
  return `dense ${model.layers.map((l) => l.units).join('×')}`;
}

/** The part of a run's name after "Run N · ": what was trained, with which penalty. */
export function describeRunSpec(spec: Pick<RunSpecInput, 'model' | 'regularizer'>): string {
  return `${describeModel(spec.model)}, ${describeRegularizer(spec.regularizer)}`;
}

export function runLabel(runNumber: number, spec: Pick<RunSpecInput, 'model' | 'regularizer'>): string {
  return `Run ${runNumber} · ${describeRunSpec(spec)}`;
}

export function penaltyName(reg: 'l1' | 'l2' | 'l1l2' | 'none'): string {
  return reg === 'none' ? 'no penalty' : reg === 'l1l2' ? 'L1+L2' : reg.toUpperCase();
}

export function sweepLabel(spec: Pick<SweepSpecInput, 'reg' | 'base' | 'from' | 'to' | 'steps' | 'folds'>): string {
  const folds = spec.folds ? ` · ${spec.folds}-fold CV` : '';
  const grid = spec.from === undefined || spec.to === undefined ? `λ from the data (${spec.steps})` : `λ ${lam(spec.from)}→${lam(spec.to)} (${spec.steps})`;
  return `${penaltyName(spec.reg)} path · ${describeModel(spec.base.model)} · ${grid}${folds}`;
}
