// A legacy Keras `.h5` file (keras/src/legacy/saving/legacy_h5_format.py): the model config as a
// JSON attribute `model_config` at the root, and under `model_weights` one group per layer (named
// after the layer) whose `weight_names` attribute lists its datasets, e.g. output/kernel.
import type { ExportedModel } from './exportedModel';
import { writeH5File } from './h5Writer';
import { KERAS_VERSION, kerasLayers, legacyConfig } from './kerasConfig';

export async function writeKerasLegacyH5(m: ExportedModel, file: string): Promise<void> {
  const layers = kerasLayers(m);
  await writeH5File(file, (root) => {
    root.stringAttr('keras_version', KERAS_VERSION);
    root.stringAttr('backend', 'tensorflow');
    root.stringAttr('model_config', JSON.stringify(legacyConfig(m)));
    const weights = root.group('model_weights');
    weights.stringListAttr('layer_names', layers.map((l) => l.name));
    weights.stringAttr('backend', 'tensorflow');
    weights.stringAttr('keras_version', KERAS_VERSION);
    // Keras writes the layer groups sorted by name so that no name is a prefix of a later one.
    for (const layer of [...layers].sort((a, b) => a.name.localeCompare(b.name))) {
      const group = weights.group(layer.name);
      group.stringListAttr('weight_names', layer.weights.map((w) => `${layer.name}/${w.name}`));
      for (const w of layer.weights) group.group(layer.name).float32(w.name, w.shape, w.values);
    }
    weights.group('top_level_model_weights').stringListAttr('weight_names', []);
  });
}
