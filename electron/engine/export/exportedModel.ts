// The trained model as plain arrays, read once from the saved TF.js package: every exporter
// (Keras, ONNX, Excel, the card) writes from this one description, so all formats carry the same
// float32 weights and the same penalties, and none of them needs tfjs.
import type * as tfTypes from '@tensorflow/tfjs';
import type { RunRecord } from '../../../shared/domain';
import { RegulaError } from '../errors';
import type { PrepManifest } from '../prep/manifest';
import { layerPenalties, type Penalty } from '../train/penalty';

export type DenseActivation = 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'selu' | 'linear';

export interface ExportedDense {
  name: string;
  inputs: number;
  units: number;
  activation: DenseActivation;
  /** Row-major [inputs, units], as Keras and TF.js store a Dense kernel. */
  kernel: Float32Array;
  bias: Float32Array;
  kernelPenalty: Penalty;
  biasPenalty: Penalty;
  activityPenalty: Penalty;
  /** Dropout rate after this layer while training; a no-op at prediction time. */
  dropoutAfter: number;
}

export interface ExportedModel {
  task: PrepManifest['target']['task'];
  classes: string[] | undefined;
  inputNames: string[];
  mean: number[];
  std: number[];
  layers: ExportedDense[];
  /** What turns the last layer's logits into probabilities. */
  head: 'none' | 'sigmoid' | 'softmax';
  isLinear: boolean;
}

const ACTIVATIONS = new Set<DenseActivation>(['relu', 'tanh', 'sigmoid', 'elu', 'selu', 'linear']);

export function describeModel(model: tfTypes.LayersModel, manifest: PrepManifest, run: RunRecord): ExportedModel {
  const penalties = layerPenalties(run.spec);
  const layers: ExportedDense[] = [];
  let head: ExportedModel['head'] = 'none';
  for (const layer of model.layers) {
    const config = layer.getConfig() as { activation?: string; rate?: number };
    const kind = layer.getClassName();
    if (kind === 'Dense') {
      const [kernelT, biasT] = layer.getWeights();
      if (!kernelT || !biasT) throw new RegulaError('bad-model', `Layer ${layer.name} of run ${run.id} has no weights.`);
      const activation = (config.activation ?? 'linear') as DenseActivation;
      if (!ACTIVATIONS.has(activation)) throw new RegulaError('bad-model', `Layer ${layer.name} uses activation ${activation}, which Regula cannot export.`);
      const p = penalties[layers.length];
      if (!p) throw new RegulaError('bad-model', `Run ${run.id}'s model has more dense layers than its spec.`);
      layers.push({
        name: layer.name,
        inputs: kernelT.shape[0]!,
        units: kernelT.shape[1]!,
        activation,
        kernel: Float32Array.from(kernelT.dataSync()),
        bias: Float32Array.from(biasT.dataSync()),
        kernelPenalty: p.kernel,
        biasPenalty: p.bias,
        activityPenalty: p.activity,
        dropoutAfter: 0,
      });
    } else if (kind === 'Dropout') {
      const last = layers[layers.length - 1];
      if (last) last.dropoutAfter = config.rate ?? 0;
    } else if (kind === 'Activation') {
      if (config.activation === 'sigmoid') head = 'sigmoid';
      else if (config.activation === 'softmax') head = 'softmax';
      else throw new RegulaError('bad-model', `Run ${run.id}'s model ends in activation ${String(config.activation)}, which Regula cannot export.`);
    }
  }
  if (layers.length !== penalties.length) throw new RegulaError('bad-model', `Run ${run.id}'s model does not match its spec (${layers.length} dense layers, ${penalties.length} expected).`);
  if (layers[0]!.inputs !== manifest.inputs.length) {
    throw new RegulaError('bad-model', `Run ${run.id}'s model takes ${layers[0]!.inputs} inputs but its preprocessing makes ${manifest.inputs.length}.`);
  }
  return {
    task: manifest.target.task,
    classes: manifest.target.classes,
    inputNames: manifest.inputs.map((i) => i.name),
    mean: manifest.inputs.map((i) => i.mean),
    std: manifest.inputs.map((i) => i.std),
    layers,
    head,
    isLinear: layers.length === 1,
  };
}

/** Linear models: coefficients per output in the standardized and the original input units. */
export interface LinearCoefficients {
  outputs: string[];
  /** [input][output] */
  standardized: number[][];
  original: number[][];
  intercept: number[];
  interceptOriginal: number[];
}

export function linearCoefficients(m: ExportedModel): LinearCoefficients {
  const layer = m.layers[0]!;
  const k = layer.units;
  const outputs = m.task === 'multiclass' ? m.classes! : m.task === 'binary' ? [m.classes![1]!] : ['prediction'];
  const standardized = m.inputNames.map((_, j) => Array.from({ length: k }, (_, o) => layer.kernel[j * k + o]!));
  // x_std = (x − mean)/std, so w·x_std = (w/std)·x − w·mean/std: the original-unit form.
  const original = standardized.map((row, j) => row.map((w) => w / m.std[j]!));
  const intercept = Array.from(layer.bias);
  const interceptOriginal = intercept.map((b, o) => b - standardized.reduce((s, row, j) => s + (row[o]! * m.mean[j]!) / m.std[j]!, 0));
  return { outputs, standardized, original, intercept, interceptOriginal };
}
