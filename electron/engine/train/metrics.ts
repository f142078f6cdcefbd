// Final metrics of one split, computed in float64 from the logits.
// Regression: mse, rmse, mae, r2. Classification: loss, accuracy, precision, recall, f1 (positive
// class for binary, macro average for multiclass), auc (binary), and the confusion matrix.
import type { SplitMetrics } from '../../../shared/domain';
import { meanLoss, type LossKind } from './losses';
import { sortFloat64 } from './sortFloat64';

export interface SplitReport {
  metrics: SplitMetrics;
  confusion?: number[][];
}

export function regressionMetrics(pred: ArrayLike<number>, y: ArrayLike<number>, rows: number): SplitMetrics {
  if (rows === 0) return {};
  let mean = 0;
  for (let r = 0; r < rows; r++) mean += y[r] as number;
  mean /= rows;
  let sse = 0;
  let sae = 0;
  let sst = 0;
  for (let r = 0; r < rows; r++) {
    const e = (y[r] as number) - (pred[r] as number);
    sse += e * e;
    sae += Math.abs(e);
    sst += ((y[r] as number) - mean) ** 2;
  }
  const mse = sse / rows;
  // r2 is undefined for a constant target; null says so instead of a misleading number.
  return { mse, rmse: Math.sqrt(mse), mae: sae / rows, r2: sst > 0 ? 1 - sse / sst : null };
}

/** Predicted class per row: logit > 0 for binary, argmax for multiclass. */
export function predictedClasses(logits: ArrayLike<number>, outputs: number, rows: number): Int32Array {
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    if (outputs === 1) {
      out[r] = (logits[r] as number) > 0 ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let k = 1; k < outputs; k++) if ((logits[r * outputs + k] as number) > (logits[r * outputs + best] as number)) best = k;
    out[r] = best;
  }
  return out;
}

export function confusionMatrix(pred: Int32Array, y: ArrayLike<number>, classes: number): number[][] {
  const m = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let r = 0; r < pred.length; r++) (m[y[r] as number] as number[])[pred[r] as number]! += 1;
  return m;
}

/**
 * confusionMatrix(predictedClasses(…)) without the per-row class array and nested-array updates:
 * counted into one flat typed array. A λ path builds this for every point on every training row.
 */
function confusionOfLogits(logits: ArrayLike<number>, outputs: number, y: ArrayLike<number>, rows: number, classes: number): number[][] {
  const counts = new Float64Array(classes * classes);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    if (outputs === 1) best = (logits[r] as number) > 0 ? 1 : 0;
    else for (let k = 1; k < outputs; k++) if ((logits[r * outputs + k] as number) > (logits[r * outputs + best] as number)) best = k;
    const at = (y[r] as number) * classes + best;
    counts[at] = (counts[at] as number) + 1;
  }
  return Array.from({ length: classes }, (_, t) => Array.from(counts.subarray(t * classes, (t + 1) * classes)));
}

/**
 * Area under the ROC curve by the rank statistic, ties counted as half: the number of (positive,
 * negative) pairs the score orders correctly, plus half the tied pairs, over all pairs. Counted by
 * merging the two classes' scores, each sorted as a typed array (by radix, see sortFloat64): a λ
 * path scores every point on every row, and sorting 100,000 row indices through a comparator took
 * most of such a path's time.
 * The count is a sum of whole and half numbers, exact in float64, so it equals the rank-sum form.
 */
export function rocAuc(score: ArrayLike<number>, y: ArrayLike<number>, rows: number): number | null {
  let positives = 0;
  for (let r = 0; r < rows; r++) if (y[r] === 1) positives++;
  const negatives = rows - positives;
  if (positives === 0 || negatives === 0) return null;
  const pos = new Float64Array(positives);
  const neg = new Float64Array(negatives);
  for (let r = 0, a = 0, b = 0; r < rows; r++) {
    if (y[r] === 1) pos[a++] = score[r] as number;
    else neg[b++] = score[r] as number;
  }
  sortFloat64(pos);
  sortFloat64(neg);
  // For each positive: negatives strictly below it, and half of those equal to it.
  let pairs = 0;
  let below = 0;
  let upTo = 0;
  for (let i = 0; i < positives; i++) {
    const s = pos[i] as number;
    while (below < negatives && (neg[below] as number) < s) below++;
    if (upTo < below) upTo = below;
    while (upTo < negatives && (neg[upTo] as number) === s) upTo++;
    pairs += below + (upTo - below) / 2;
  }
  return pairs / (positives * negatives);
}

function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0; // sklearn's zero_division=0
}

export function classificationMetrics(
  kind: LossKind,
  logits: ArrayLike<number>,
  outputs: number,
  y: ArrayLike<number>,
  rows: number,
  classes: number,
  /** The mean loss of these logits when the caller has it already (a solver's last pass). */
  knownLoss?: number,
): SplitReport {
  if (rows === 0) return { metrics: {} };
  const confusion = confusionOfLogits(logits, outputs, y, rows, classes);
  let correct = 0;
  for (let k = 0; k < classes; k++) correct += (confusion[k] as number[])[k] as number;
  const perClass = (k: number): { precision: number; recall: number; f1: number } => {
    let predicted = 0;
    let actual = 0;
    for (let j = 0; j < classes; j++) {
      predicted += (confusion[j] as number[])[k] as number;
      actual += (confusion[k] as number[])[j] as number;
    }
    const tp = (confusion[k] as number[])[k] as number;
    const precision = ratio(tp, predicted);
    const recall = ratio(tp, actual);
    return { precision, recall, f1: ratio(2 * precision * recall, precision + recall) };
  };
  const metrics: SplitMetrics = { loss: knownLoss ?? meanLoss(kind, logits, outputs, y, rows), accuracy: correct / rows };
  if (classes === 2) {
    Object.assign(metrics, perClass(1), { auc: rocAuc(logits, y, rows) });
  } else {
    const all = Array.from({ length: classes }, (_, k) => perClass(k));
    const avg = (f: (c: { precision: number; recall: number; f1: number }) => number): number =>
      all.reduce((s, c) => s + f(c), 0) / classes;
    Object.assign(metrics, { precision: avg((c) => c.precision), recall: avg((c) => c.recall), f1: avg((c) => c.f1) });
  }
  return { metrics, confusion };
}
