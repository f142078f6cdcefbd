// The training loop's own forward pass and optimizer against tfjs' reference forms: the same
// logits and gradients as the layers with their built-in gradient, and the same Adam steps as
// tf.train.adam.
import { describe, expect, it } from 'vitest';
import type * as tfType from '@tensorflow/tfjs';
import { dataLoss } from '../../../electron/engine/train/losses';
import { buildNetwork, forward, penalizedWeights, trainingForward } from '../../../electron/engine/train/network';
import { makeOptimizer } from '../../../electron/engine/train/optimizer';
import { specFor } from './fixtures';
import { wasmTf } from './tfBackend';

const features = ['a', 'b', 'c', 'd', 'e'];

function close(a: ArrayLike<number>, b: ArrayLike<number>, tolerance: number): void {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThanOrEqual(tolerance * (1 + Math.abs(b[i] as number)));
}

describe('training forward pass and flat optimizer', () => {
  // wasm multiplies by materialized transposes in the gradient; other backends use matMul's flags.
  it.each(['wasm', 'cpu'])('gives the layers’ logits and their built-in gradients for every activation (%s)', async (backend) => {
    const tf = await wasmTf();
    await tf.setBackend(backend);
    const layers = (['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear'] as const).map((activation) => ({ units: 6, activation }));
    const spec = specFor(features, { model: { kind: 'mlp', layers }, seed: 3 });
    const net = buildNetwork(tf, spec, 'regression', features.length, 0);
    const weights = penalizedWeights(net);
    const vars = weights.map((w) => w.variable);
    const x = tf.randomNormal([17, features.length], 0, 1, 'float32', 5) as tfType.Tensor2D;
    const y = tf.randomNormal([17, 1], 0, 1, 'float32', 6);
    const xT = tf.transpose(x);
    const before = tf.memory().numTensors;
    const reference = tf.variableGrads(() => dataLoss(tf, 'mse', forward(tf, net, x, false).logits, y), vars);
    const ours = tf.grads((...ws: tfType.Tensor[]) => dataLoss(tf, 'mse', trainingForward(tf, net)(ws, x, xT, () => 0.5).logits, y))(vars);
    close(ours.map((g) => Array.from(g.dataSync())).flat(), vars.map((v) => Array.from(reference.grads[v.name]!.dataSync())).flat(), 1e-5);
    expect(ours.at(-1)!.shape).toEqual([1]);
    const logits = tf.tidy(() => [trainingForward(tf, net)(vars, x, xT, () => 0.5).logits, forward(tf, net, x, false).logits]);
    close(logits[0]!.dataSync(), logits[1]!.dataSync(), 1e-6);
    tf.dispose([...ours, ...logits, reference.value, ...Object.values(reference.grads)]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, xT, y]);
    net.model.dispose();
    await tf.setBackend('wasm');
  });

  it('takes the same Adam steps as tf.train.adam, and the prox sets small weights to exactly 0', async () => {
    const tf = await wasmTf();
    const start = Float32Array.from([0.5, -1.25, 2, 0.001, -0.002, 3]);
    const grads = [0.3, -0.1, 0.7, 0.01, -0.02, 0.5].map((g, i) => Float32Array.from(start, (_, j) => g * (1 + 0.1 * i * j) - 0.05 * j));
    const reference = tf.variable(tf.tensor1d(start));
    const adam = tf.train.adam(0.01);
    const ours = makeOptimizer(tf, { kind: 'adam', learningRate: 0.01, momentum: 0 }, start.length);
    let theta = tf.tensor1d(start);
    for (const g of grads) {
      const grad = tf.tensor1d(g);
      adam.applyGradients([{ name: reference.name, tensor: grad }]);
      const next = ours.step(theta, grad, null);
      theta.dispose();
      grad.dispose();
      theta = next;
    }
    close(theta.dataSync(), reference.dataSync(), 1e-6);

    const lambda1 = tf.tensor1d([0, 0, 0, 1e3, 1e3, 0]);
    const proxed = ours.step(theta, tf.zerosLike(theta), lambda1);
    const values = Array.from(proxed.dataSync());
    expect(values[3]).toBe(0);
    expect(values[4]).toBe(0);
    expect(values.filter((v) => v === 0)).toHaveLength(2);
    tf.dispose([theta, proxed, lambda1, reference]);
    adam.dispose();
    ours.dispose();
  });

  it('soft-thresholds each side exactly and leaves unpenalized weights untouched (plain SGD step)', async () => {
    const tf = await wasmTf();
    const sgd = makeOptimizer(tf, { kind: 'sgd', learningRate: 1, momentum: 0 }, 5);
    const theta = tf.tensor1d([-0.3, 0.2, -0.7, 0.9, -0]);
    const grad = tf.zeros([5]) as tfType.Tensor1D;
    const lambda1 = tf.tensor1d([0, 0.5, 0.5, 0.5, 0.5]);
    const next = sgd.step(theta, grad, lambda1);
    const f = Math.fround;
    expect(Array.from(next.dataSync())).toEqual([f(-0.3), 0, f(f(-0.7) + f(0.5)), f(f(0.9) - f(0.5)), 0]);
    tf.dispose([theta, grad, lambda1, next]);
    sgd.dispose();
  });
});
