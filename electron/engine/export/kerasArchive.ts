// A Keras 3 `.keras` file: a zip of config.json, metadata.json and model.weights.h5, in the layout
// of keras/src/saving/saving_lib.py. In the weights file every saveable gets a group named after
// its position, not its name: the model's own `vars`, then `layers/<snake_case class>[_n]/vars`
// with the variables as datasets "0", "1", … (Dense: kernel, bias) and the layer name as an
// attribute. Normalization carries its mean/variance in the config, so it has no variables.
import { readFile, rm } from 'node:fs/promises';
import { strToU8, zipSync } from 'fflate';
import type { ExportedModel } from './exportedModel';
import { writeH5File } from './h5Writer';
import { KERAS_VERSION, keras3Config, kerasLayers } from './kerasConfig';

const SNAKE: Record<string, string> = { Normalization: 'normalization', Dense: 'dense', Dropout: 'dropout', Activation: 'activation' };

/** The weights-file group of each layer, as Keras's _save_container_state names them. */
export function keras3LayerPaths(m: ExportedModel): { name: string; path: string }[] {
  const used = new Map<string, number>();
  return kerasLayers(m).map((layer) => {
    const base = SNAKE[layer.className]!;
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    return { name: layer.name, path: `layers/${n === undefined ? base : `${base}_${n + 1}`}` };
  });
}

export async function kerasArchiveBytes(m: ExportedModel, scratchFile: string, savedAt: Date): Promise<Uint8Array> {
  const layers = kerasLayers(m);
  const paths = keras3LayerPaths(m);
  await writeH5File(scratchFile, (root) => {
    root.group('vars').stringAttr('name', 'regula_model');
    layers.forEach((layer, i) => {
      const vars = root.group(paths[i]!.path).group('vars');
      vars.stringAttr('name', layer.name);
      layer.weights.forEach((w, j) => vars.float32(String(j), w.shape, w.values));
    });
  });
  const weights = new Uint8Array(await readFile(scratchFile));
  await rm(scratchFile, { force: true });
  const metadata = { keras_version: KERAS_VERSION, date_saved: kerasDate(savedAt), producer: 'Regula' };
  return zipSync({
    'metadata.json': strToU8(JSON.stringify(metadata)),
    'config.json': strToU8(JSON.stringify(keras3Config(m))),
    'model.weights.h5': [weights, { level: 6 }],
  });
}

function kerasDate(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}@${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
