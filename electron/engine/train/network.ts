// Builds the tfjs model for a RunSpec and runs its forward pass for training.
// The saved model ends in a sigmoid/softmax so predictions are probabilities, but training and the
// reports use the logits before it: the losses are computed from logits in a numerically stable
// form (no clipping of probabilities at 1e-7 as Keras' cross-entropy on probabilities does).
import type * as tfType from '@tensorflow/tfjs';
import type { RunSpec, Task } from '../../../shared/domain';
import { hasPenalty, layerPenalties, type LayerPenalties, type Penalty } from './penalty';
import { nextOpSeed } from '../random';

type TF = typeof tfType;
type Dense = ReturnType<TF['layers']['dense']>;

export interface NetworkStep {
  dense: Dense;
  penalties: LayerPenalties;
  /** Dropout rate applied after this layer while training (0 = none). */
  dropout: number;
}

export interface Network {
  model: tfType.Sequential;
  steps: NetworkStep[];
  inputs: number;
  outputs: number;
}

export function outputUnits(task: Task, classes: number): number {
  return task === 'multiclass' ? classes : 1;
}

function tfRegularizer(tf: TF, p: Penalty): ReturnType<TF['regularizers']['l1l2']> | undefined {
  // Set on the layers so a saved model (and a plain model.fit in the bench) carries the same
  // objective; Regula's own loop computes the penalty itself (see trainStep.ts).
  return hasPenalty(p) ? tf.regularizers.l1l2({ l1: p.lambda1, l2: p.lambda2 }) : undefined;
}

export function buildNetwork(tf: TF, spec: RunSpec, task: Task, inputs: number, classes: number): Network {
  const penalties = layerPenalties(spec);
  const hidden = spec.model.kind === 'mlp' ? spec.model.layers : [];
  const model = tf.sequential();
  const steps: NetworkStep[] = [];
  // Each layer gets its own initializer seed derived from the run seed, so a seed repeats a run.
  const initSeed = (i: number): number => (spec.seed * 7919 + i * 104729) % 2147483647;
  hidden.forEach((layer, i) => {
    const p = penalties[i] as LayerPenalties;
    const dense = tf.layers.dense({
      name: `hidden_${i + 1}`,
      units: layer.units,
      activation: layer.activation,
      kernelInitializer: tf.initializers.glorotUniform({ seed: initSeed(i) }),
      biasInitializer: 'zeros',
      kernelRegularizer: tfRegularizer(tf, p.kernel),
      biasRegularizer: tfRegularizer(tf, p.bias),
      ...(i === 0 ? { inputShape: [inputs] } : {}),
    });
    model.add(dense);
    if (layer.dropout > 0) model.add(tf.layers.dropout({ name: `dropout_${i + 1}`, rate: layer.dropout }));
    steps.push({ dense, penalties: p, dropout: layer.dropout });
  });
  const outputs = outputUnits(task, classes);
  const outP = penalties[penalties.length - 1] as LayerPenalties;
  const out = tf.layers.dense({
    name: 'output',
    units: outputs,
    activation: 'linear',
    // A linear model starts at zero like glmnet/sklearn; hidden networks need random starts.
    kernelInitializer: hidden.length ? tf.initializers.glorotUniform({ seed: initSeed(hidden.length) }) : 'zeros',
    biasInitializer: 'zeros',
    kernelRegularizer: tfRegularizer(tf, outP.kernel),
    ...(hidden.length === 0 ? { inputShape: [inputs] } : {}),
  });
  model.add(out);
  steps.push({ dense: out, penalties: outP, dropout: 0 });
  if (task === 'binary') model.add(tf.layers.activation({ name: 'probability', activation: 'sigmoid' }));
  if (task === 'multiclass') model.add(tf.layers.activation({ name: 'probability', activation: 'softmax' }));
  return { model, steps, inputs, outputs };
}

export interface ForwardPass {
  logits: tfType.Tensor2D;
  /** Outputs of layers with an activity penalty (after activation, before dropout). */
  activities: { output: tfType.Tensor2D; penalty: Penalty }[];
}

/** Forward pass to the logits. Call inside tf.tidy. `random` only matters when training. */
export function forward(tf: TF, net: Network, x: tfType.Tensor2D, training: boolean, random?: () => number): ForwardPass {
  let h = x;
  const activities: ForwardPass['activities'] = [];
  for (const step of net.steps) {
    h = step.dense.apply(h) as tfType.Tensor2D;
    if (hasPenalty(step.penalties.activity)) activities.push({ output: h, penalty: step.penalties.activity });
    if (training && step.dropout > 0 && random) {
      // Our own seed per batch: the Dropout layer's fixed seed would repeat one mask every batch.
      h = tf.dropout(h, step.dropout, undefined, nextOpSeed(random)) as tfType.Tensor2D;
    }
  }
  return { logits: h, activities };
}

type MatMul = (x: tfType.Tensor2D, w: tfType.Tensor2D) => tfType.Tensor2D;

/**
 * x·W whose gradient, on wasm, multiplies by explicitly transposed copies. tfjs-wasm runs a matMul
 * with a transposed operand (what the built-in gradient, and so model.fit, asks for: dy·Wᵀ and
 * xᵀ·dy) outside XNNPACK, 10–30× slower than a plain one; a transpose kernel plus a plain matMul
 * is far cheaper. Other backends transpose for free inside matMul, so there the extra transpose
 * would only cost. The first layer's input needs no gradient, and its transpose comes from the
 * caller (built on the host with the batch), so that layer runs no transpose at all.
 */
function matMulWithPlainGradient(tf: TF, inputTransposed: tfType.Tensor2D | null, materializeTransposes: boolean): MatMul {
  const op = tf.customGrad(((x: tfType.Tensor2D, w: tfType.Tensor2D, save: tfType.GradSaveFunc) => {
    save([x, w]);
    return {
      value: tf.matMul(x, w),
      gradFunc: (dy: tfType.Tensor2D, saved: tfType.Tensor[]) => {
        const [xs, ws] = saved as [tfType.Tensor2D, tfType.Tensor2D];
        if (inputTransposed) return [tf.zerosLike(xs), tf.matMul(inputTransposed, dy)];
        if (!materializeTransposes) return [tf.matMul(dy, ws, false, true), tf.matMul(xs, dy, true, false)];
        return [tf.matMul(dy, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy)];
      },
    };
  }) as unknown as Parameters<TF['customGrad']>[0]);
  return op as unknown as MatMul;
}

const ACTIVATIONS: Record<string, (tf: TF, z: tfType.Tensor2D) => tfType.Tensor2D> = {
  linear: (_tf, z) => z,
  relu: (tf, z) => tf.relu(z),
  tanh: (tf, z) => tf.tanh(z),
  sigmoid: (tf, z) => tf.sigmoid(z),
  elu: (tf, z) => tf.elu(z),
  selu: (tf, z) => tf.selu(z),
};

/**
 * The training forward pass over explicit weight tensors (kernel, bias per layer, in
 * penalizedWeights order) instead of the layers' variables, so the loop can differentiate with
 * respect to one flat weight vector. Same layers, activations and dropout as `forward`.
 */
export function trainingForward(
  tf: TF,
  net: Network,
): (weights: tfType.Tensor[], x: tfType.Tensor2D, xTransposed: tfType.Tensor2D, random: () => number) => ForwardPass {
  const materialize = tf.getBackend() === 'wasm';
  const layers = net.steps.map((step, i) => {
    const name = (step.dense.getConfig() as { activation?: string }).activation ?? 'linear';
    const activate = ACTIVATIONS[name];
    if (!activate) throw new Error(`No training form for activation "${name}"`);
    return { step, activate, matMul: i > 0 ? matMulWithPlainGradient(tf, null, materialize) : null };
  });
  return (weights, x, xTransposed, random) => {
    let h = x;
    const activities: ForwardPass['activities'] = [];
    layers.forEach(({ step, activate, matMul }, i) => {
      const kernel = weights[2 * i] as tfType.Tensor2D;
      const bias = weights[2 * i + 1] as tfType.Tensor1D;
      h = activate(tf, tf.add((matMul ?? matMulWithPlainGradient(tf, xTransposed, materialize))(h, kernel), bias));
      if (hasPenalty(step.penalties.activity)) activities.push({ output: h, penalty: step.penalties.activity });
      // Our own seed per batch: the Dropout layer's fixed seed would repeat one mask every batch.
      if (step.dropout > 0) h = tf.dropout(h, step.dropout, undefined, nextOpSeed(random)) as tfType.Tensor2D;
    });
    return { logits: h, activities };
  };
}

/**
 * Logits for many rows in inference mode, in batches to bound memory (row-major float32), and the
 * activity penalty of those rows (Keras TF2: per-batch sum divided by the batch size → row mean).
 */
export function evaluateRows(tf: TF, net: Network, x: Float32Array, rows: number, batch = 4096): { logits: Float32Array; activityPenalty: number } {
  const logits = new Float32Array(rows * net.outputs);
  let activitySum = 0;
  for (let start = 0; start < rows; start += batch) {
    const end = Math.min(rows, start + batch);
    const { values, activity } = tf.tidy(() => {
      const xb = tf.tensor2d(x.subarray(start * net.inputs, end * net.inputs), [end - start, net.inputs]);
      const pass = forward(tf, net, xb, false);
      let act = 0;
      for (const a of pass.activities) {
        act += a.penalty.lambda1 * tf.sum(tf.abs(a.output)).dataSync()[0]! + a.penalty.lambda2 * tf.sum(tf.square(a.output)).dataSync()[0]!;
      }
      return { values: pass.logits.dataSync(), activity: act };
    });
    logits.set(values, start * net.outputs);
    activitySum += activity;
  }
  return { logits, activityPenalty: rows > 0 ? activitySum / rows : 0 };
}

export interface PenalizedWeight {
  name: string;
  variable: tfType.Variable;
  penalty: Penalty;
  isKernel: boolean;
}

/** The trainable variables of the dense layers with the penalty each carries. */
export function penalizedWeights(net: Network): PenalizedWeight[] {
  const out: PenalizedWeight[] = [];
  for (const step of net.steps) {
    const [kernel, bias] = step.dense.trainableWeights;
    // LayerVariable.read() hands out the underlying tf.Variable (typed as Tensor in tfjs-layers).
    if (kernel) out.push({ name: kernel.originalName, variable: kernel.read() as tfType.Variable, penalty: step.penalties.kernel, isKernel: true });
    if (bias) out.push({ name: bias.originalName, variable: bias.read() as tfType.Variable, penalty: step.penalties.bias, isKernel: false });
  }
  return out;
}
