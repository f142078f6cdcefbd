// The Keras description of an exported model: a Sequential whose first layer standardizes the raw
// inputs (Normalization with the fitted mean/variance as constants, so it has no weights to load)
// followed by the Dense layers with their regularizers. Penalties are written as explicit L1 / L2 /
// L1L2 objects with both λ values, never as defaults: Keras 3's l1_l2() defaults to 0/0 and TF.js's
// l1l2() to 0.01/0.01, so a default would silently change the objective.
import type { Penalty } from '../train/penalty';
import type { ExportedModel } from './exportedModel';

/** Keras version whose saving format we follow (keras/src/saving/saving_lib.py, Keras 3). */
export const KERAS_VERSION = '3.10.0';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface KerasLayer {
  className: 'InputLayer' | 'Normalization' | 'Dense' | 'Dropout' | 'Activation';
  name: string;
  config: Record<string, Json>;
  /** The layer's variables in Keras order (Dense: kernel, bias). */
  weights: { name: string; shape: number[]; values: Float32Array }[];
}

/** The layers after the input, shared by the Keras 3 and the legacy writer. */
export function kerasLayers(m: ExportedModel): KerasLayer[] {
  const layers: KerasLayer[] = [
    {
      className: 'Normalization',
      name: 'standardize',
      // variance = std²: Keras divides by sqrt(variance).
      config: { axis: [-1], invert: false, mean: m.mean, variance: m.std.map((s) => s * s) },
      weights: [],
    },
  ];
  m.layers.forEach((d, i) => {
    layers.push({
      className: 'Dense',
      name: d.name,
      config: {}, // written by layerConfig from the ExportedDense of the same name
      weights: [
        { name: 'kernel', shape: [d.inputs, d.units], values: d.kernel },
        { name: 'bias', shape: [d.units], values: d.bias },
      ],
    });
    if (d.dropoutAfter > 0) layers.push({ className: 'Dropout', name: `dropout_${i + 1}`, config: { rate: d.dropoutAfter }, weights: [] });
  });
  if (m.head !== 'none') layers.push({ className: 'Activation', name: 'probability', config: { activation: m.head }, weights: [] });
  return layers;
}

export type KerasFlavour = 'keras3' | 'legacy';

/** A regularizer object in Keras's serialization, or null when the weight is not penalized. */
export function kerasRegularizer(p: Penalty, flavour: KerasFlavour): Json {
  if (p.lambda1 <= 0 && p.lambda2 <= 0) return null;
  const [className, config] =
    p.lambda1 > 0 && p.lambda2 > 0 ? ['L1L2', { l1: p.lambda1, l2: p.lambda2 }] : p.lambda1 > 0 ? ['L1', { l1: p.lambda1 }] : ['L2', { l2: p.lambda2 }];
  return flavour === 'keras3' ? { module: 'keras.regularizers', class_name: className, config, registered_name: null } : { class_name: className, config };
}

function initializer(className: string, config: Record<string, Json>, flavour: KerasFlavour): Json {
  return flavour === 'keras3' ? { module: 'keras.initializers', class_name: className, config, registered_name: null } : { class_name: className, config };
}

function layerConfig(layer: KerasLayer, m: ExportedModel, flavour: KerasFlavour): Record<string, Json> {
  const dtype: Json = flavour === 'keras3' ? { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null } : 'float32';
  const base: Record<string, Json> = { name: layer.name, trainable: layer.className === 'Dense', dtype };
  if (layer.className !== 'Dense') return { ...base, ...layer.config };
  const dense = m.layers.find((d) => d.name === layer.name)!;
  return {
    ...base,
    units: dense.units,
    activation: dense.activation,
    use_bias: true,
    kernel_initializer: initializer('GlorotUniform', { seed: null }, flavour),
    bias_initializer: initializer('Zeros', {}, flavour),
    kernel_regularizer: kerasRegularizer(dense.kernelPenalty, flavour),
    bias_regularizer: kerasRegularizer(dense.biasPenalty, flavour),
    activity_regularizer: kerasRegularizer(dense.activityPenalty, flavour),
    kernel_constraint: null,
    bias_constraint: null,
  };
}

/** config.json of a .keras archive (Keras 3 serialization with module/registered_name). */
export function keras3Config(m: ExportedModel): Record<string, Json> {
  const inputs = m.inputNames.length;
  let width = inputs;
  const layers: Json[] = [
    {
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: { batch_shape: [null, inputs], dtype: 'float32', sparse: false, name: 'features' },
      registered_name: null,
    },
  ];
  for (const layer of kerasLayers(m)) {
    layers.push({
      module: 'keras.layers',
      class_name: layer.className,
      config: layerConfig(layer, m, 'keras3'),
      registered_name: null,
      build_config: { input_shape: [null, width] },
    });
    if (layer.className === 'Dense') width = layer.weights[1]!.shape[0]!;
  }
  return {
    module: 'keras',
    class_name: 'Sequential',
    config: { name: 'regula_model', trainable: true, dtype: 'float32', layers, build_input_shape: [null, inputs] },
    registered_name: null,
    build_config: { input_shape: [null, inputs] },
    compile_config: null,
  };
}

/** model_config of a legacy .h5 file (tf.keras 2 serialization, which Keras 3 still reads). */
export function legacyConfig(m: ExportedModel): Record<string, Json> {
  const inputs = m.inputNames.length;
  const layers: Json[] = [{ class_name: 'InputLayer', config: { batch_input_shape: [null, inputs], dtype: 'float32', sparse: false, ragged: false, name: 'features' } }];
  for (const layer of kerasLayers(m)) layers.push({ class_name: layer.className, config: layerConfig(layer, m, 'legacy') });
  return { class_name: 'Sequential', config: { name: 'regula_model', layers } };
}

function py(v: number): string {
  return Number.isInteger(v) ? `${v}.0` : String(v);
}

function pyRegularizer(p: Penalty): string {
  if (p.lambda1 <= 0 && p.lambda2 <= 0) return 'None';
  if (p.lambda1 > 0 && p.lambda2 > 0) return `regularizers.L1L2(l1=${py(p.lambda1)}, l2=${py(p.lambda2)})`;
  return p.lambda1 > 0 ? `regularizers.L1(l1=${py(p.lambda1)})` : `regularizers.L2(l2=${py(p.lambda2)})`;
}

/** Python that builds the same architecture with the same regularizers (for the model card). */
export function kerasCode(m: ExportedModel): string {
  const lines = [
    'import keras',
    'from keras import layers, regularizers',
    '',
    '# Inputs in the order of preprocessing.json "inputs" (numeric columns raw, one-hot columns 0/1).',
    `mean = [${m.mean.map(py).join(', ')}]`,
    `variance = [${m.std.map((s) => py(s * s)).join(', ')}]`,
    '',
    'model = keras.Sequential([',
    `    keras.Input(shape=(${m.inputNames.length},), name="features"),`,
    '    layers.Normalization(mean=mean, variance=variance, name="standardize"),',
  ];
  m.layers.forEach((d, i) => {
    const args = [
      String(d.units),
      `activation="${d.activation}"`,
      `kernel_regularizer=${pyRegularizer(d.kernelPenalty)}`,
      ...(pyRegularizer(d.biasPenalty) !== 'None' ? [`bias_regularizer=${pyRegularizer(d.biasPenalty)}`] : []),
      ...(pyRegularizer(d.activityPenalty) !== 'None' ? [`activity_regularizer=${pyRegularizer(d.activityPenalty)}`] : []),
      `name="${d.name}"`,
    ];
    lines.push(`    layers.Dense(${args.join(', ')}),`);
    if (d.dropoutAfter > 0) lines.push(`    layers.Dropout(${py(d.dropoutAfter)}, name="dropout_${i + 1}"),`);
  });
  if (m.head !== 'none') lines.push(`    layers.Activation("${m.head}", name="probability"),`);
  lines.push('])');
  lines.push('# The trained weights: model = keras.saving.load_model("model.keras") (or "model.h5").');
  return lines.join('\n');
}
