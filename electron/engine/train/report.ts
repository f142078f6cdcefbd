// Everything a finished run reports, read from the trained network: metrics per split, the
// objective on the training rows, weight statistics and (linear models) the coefficients.
import type * as tfType from '@tensorflow/tfjs';
import type { SplitMetrics } from '../../../shared/domain';
import { weightPenalty } from './gradientLoop';
import { linearLogits } from './linearSolver';
import { meanLoss, type LossKind } from './losses';
import { classificationMetrics, regressionMetrics, type SplitReport } from './metrics';
import { evaluateRows, penalizedWeights, type Network } from './network';
import type { PreparedData, Split, TrainResult } from './types';
import { coefficientsFromKernel, weightStats } from './weightStats';

type TF = typeof tfType;

type Report = Pick<TrainResult, 'metrics' | 'confusion' | 'loss' | 'weights' | 'coefficients' | 'intercept'>;

function splitReport(kind: LossKind, net: Network, split: Split, logits: ArrayLike<number>, classes: number): SplitReport {
  if (kind === 'bce' || kind === 'cce') return classificationMetrics(kind, logits, net.outputs, split.y, split.rows, classes);
  return { metrics: regressionMetrics(logits, split.y, split.rows) };
}

/** A linear model's solution as its float64 solver left it, with the objective it reached. */
export interface ExactLinearFit {
  kernel: Float64Array;
  bias: Float64Array;
  loss: { data: number; penalty: number; total: number };
}

/**
 * With `exact` (linear models from the float64 solvers) everything is computed from the float64
 * solution — logits, metrics, loss, coefficients — not from the float32 copy in the tfjs model,
 * whose forward pass is off by ~1e-5 relative and differs between backends.
 */
export function buildReport(tf: TF, net: Network, kind: LossKind, data: PreparedData, linear: boolean, exact?: ExactLinearFit): Report {
  const classes = data.classes?.length ?? 0;
  const weights = penalizedWeights(net);
  const evalSplit = (split: Split): { report: SplitReport; logits: ArrayLike<number>; activityPenalty: number } => {
    if (exact) {
      const logits = linearLogits(split.x, split.rows, exact.kernel, exact.bias);
      return { report: splitReport(kind, net, split, logits, classes), logits, activityPenalty: 0 };
    }
    const { logits, activityPenalty } = evaluateRows(tf, net, split.x, split.rows);
    return { report: splitReport(kind, net, split, logits, classes), logits, activityPenalty };
  };
  const train = evalSplit(data.train);
  const validation = evalSplit(data.validation);
  const test = data.test ? evalSplit(data.test) : undefined;
  const dataLoss = meanLoss(kind, train.logits, net.outputs, data.train.y, data.train.rows);
  const penalty = weightPenalty(weights) + train.activityPenalty;
  const metrics: { train: SplitMetrics; validation: SplitMetrics; test?: SplitMetrics } = {
    train: train.report.metrics,
    validation: validation.report.metrics,
    ...(test ? { test: test.report.metrics } : {}),
  };
  const exactLoss = exact && Number.isFinite(exact.loss.total) ? exact.loss : undefined;
  const report: Report = {
    metrics,
    loss: exactLoss ?? { data: dataLoss, penalty, total: dataLoss + penalty },
    weights: weightStats(weights.filter((w) => w.isKernel).map((w, i) => ({ name: w.name, kernel: exact && i === 0 ? exact.kernel : (w.variable.dataSync() as Float32Array) }))),
  };
  if (train.report.confusion) {
    report.confusion = {
      train: train.report.confusion,
      validation: validation.report.confusion ?? [],
      ...(test?.report.confusion ? { test: test.report.confusion } : {}),
    };
  }
  if (linear && exact) {
    report.coefficients = coefficientsFromKernel(exact.kernel, net.inputs, net.outputs);
    report.intercept = net.outputs === 1 ? (exact.bias[0] as number) : Array.from(exact.bias);
  } else if (linear) {
    const kernel = weights[0]?.variable.dataSync() ?? new Float32Array();
    const bias = Array.from(weights[1]?.variable.dataSync() ?? []);
    report.coefficients = coefficientsFromKernel(kernel, net.inputs, net.outputs);
    report.intercept = net.outputs === 1 ? (bias[0] ?? 0) : bias;
  }
  return report;
}
