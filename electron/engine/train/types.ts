// The seam between preprocessing and training: matrices in, a trained model and its numbers out.
import type * as tf from '@tensorflow/tfjs';
import type { EpochMetrics, RunSpec, SplitMetrics, Task } from '../../../shared/domain';
import type { OptimizerState } from './optimizer';

/** Row-major float matrices ready for the model; y is the raw target (regression) or class index. */
export interface Split {
  x: Float32Array;
  y: Float32Array;
  rows: number;
}

export interface PreparedData {
  task: Task;
  /** Model inputs in order (after encoding). */
  featureNames: string[];
  /** For classification: class labels, in the order of the model's outputs (binary: [neg, pos]). */
  classes?: string[];
  train: Split;
  validation: Split;
  test?: Split;
}

export interface TrainHooks {
  onEpoch(metrics: EpochMetrics): void;
  /** Polled between batches; true stops the run at the next batch boundary. */
  shouldStop(): boolean;
  /** Asked at the end of each epoch but the last (gradient loops only): save a checkpoint now? */
  checkpointDue?(epoch: number): boolean;
  /** Keeps a checkpoint; the loop waits for it, so a failed save (a full disk) fails the run. */
  saveCheckpoint?(state: LoopCheckpoint): Promise<void>;
}

/**
 * The gradient loop's whole state at the end of an epoch: resumed from it, the loop makes exactly
 * the steps the uninterrupted run would have made (same weights, moments, shuffles, dropout masks).
 */
export interface LoopCheckpoint {
  epoch: number;
  theta: Float32Array;
  optimizer: OptimizerState;
  /** The run's generator (shuffling, dropout seeds), see random.ts. */
  randomState: number;
  /** Early stopping: epochs without improvement so far, and the best weights seen. */
  wait: number;
  best?: { loss: number; epoch: number; theta: Float32Array };
  /** The divergence yardstick (the first batch's objective). */
  startLoss?: number;
}

export interface WeightStats {
  weights: number;
  zeros: number;
  nearZeros: number;
  layers: { name: string; weights: number; zeros: number; l1: number; l2: number; histogram?: { edges: number[]; counts: number[] } }[];
}

export interface TrainResult {
  model: tf.LayersModel;
  epochsRun: number;
  /** 'completed' | 'early-stopped' | 'cancelled' | 'diverged: …' — said to the user as is. */
  stopReason: string;
  cancelled: boolean;
  metrics: { train: SplitMetrics; validation: SplitMetrics; test?: SplitMetrics };
  /** Classification only: confusion matrix per split, rows = true class, columns = predicted (class order). */
  confusion?: { train: number[][]; validation: number[][]; test?: number[][] };
  /** Objective on the full training rows: data loss, penalty, and their sum. */
  loss: { data: number; penalty: number; total: number };
  weights: WeightStats;
  /** Linear models only: one per input in standardized space (multiclass: one row per class). */
  coefficients?: number[] | number[][];
  intercept?: number | number[];
  solver: string;
  /** Gradient training that diverged: the epoch it diverged in, and the epoch whose weights the model holds. */
  divergedAt?: number;
  lastGoodEpoch?: number;
}

export type TrainModel = (tfl: typeof tf, spec: RunSpec, data: PreparedData, hooks: TrainHooks) => Promise<TrainResult>;
