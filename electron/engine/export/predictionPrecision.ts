// How many digits a prediction file shows by default (`--full-precision` / the UI's "Full
// precision" keeps the model's float values as they come out).
//
// Why these two numbers:
// - A regression prediction is rounded to 6 significant digits. The model computes in float32,
//   which guarantees 6 decimal significant digits (C's FLT_DIG); everything after them is the
//   float32 → double conversion showing through (3.140000104904175). Significant digits rather
//   than decimals follow the target's own scale: a price of 1,234,567.8 keeps 1,234,570 and a
//   rate of 0.000123456789 keeps 0.000123457, with no threshold to tune per target.
// - A probability is rounded to 4 decimals: one hundredth of a percentage point, finer than any
//   calibration a model trained on a spreadsheet's rows supports, and short enough to read.
//   Probabilities below 0.00005 show as 0; the full-precision option keeps them.
// The input columns are the analyst's own values and pass through untouched.
import type { Cell } from './predict';

export const PREDICTION_SIGNIFICANT_DIGITS = 6;
export const PROBABILITY_DECIMALS = 4;

export function roundPrediction(value: number): number {
  return Number.isFinite(value) && value !== 0 ? Number(value.toPrecision(PREDICTION_SIGNIFICANT_DIGITS)) : value;
}

export function roundProbability(value: number): number {
  // toFixed rounds the decimal the number prints as, so 0.12345 gives 0.1235 where
  // Math.round(x * 1e4) / 1e4 can land one step off after the multiplication's own rounding.
  return Number.isFinite(value) ? Number(value.toFixed(PROBABILITY_DECIMALS)) : value;
}

/**
 * A row with the model's columns rounded: from `firstOutputColumn` on, a regression row holds its
 * prediction; a classifier's row holds the predicted class (text, untouched) then probabilities.
 */
export function roundPredictionRow(row: Cell[], firstOutputColumn: number, task: 'regression' | 'binary' | 'multiclass'): Cell[] {
  const out = row.slice();
  for (let k = firstOutputColumn; k < out.length; k++) {
    const v = out[k];
    if (typeof v !== 'number') continue;
    out[k] = task === 'regression' ? roundPrediction(v) : roundProbability(v);
  }
  return out;
}
