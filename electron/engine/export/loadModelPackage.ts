// Loads a model package (model.json + weights + preprocessing.json) with our own IO, never
// tfjs-node's file:// loader, which does not check that weight paths stay inside the package.
// A package is untrusted input: paths, layer types and sizes are all checked before allocating.
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { RegulaError } from '../errors';
import { PrepManifest } from '../prep/manifest';
import { checkVersion } from '../store/recordFile';
import { MODEL_FILE, PREP_FILE } from './modelFiles';

/** Layer classes Regula writes; anything else in a package is refused. */
const ALLOWED_LAYERS = new Set(['Dense', 'Dropout', 'Activation', 'InputLayer']);
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4 };
const MAX_WEIGHT_BYTES = 2 * 1024 ** 3;

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
}

export interface ModelPackage {
  model: tfTypes.LayersModel;
  manifest: PrepManifest;
}

export async function loadModelPackage(tf: typeof tfTypes, dir: string): Promise<ModelPackage> {
  const modelFile = path.join(dir, MODEL_FILE);
  const modelJson = await readJson(modelFile);
  const manifestFile = path.join(dir, PREP_FILE);
  const manifestJson = await readJson(manifestFile);
  checkVersion(manifestJson, manifestFile, 'model package'); // a newer package is refused by name and version
  const manifest = PrepManifest.safeParse(manifestJson);
  if (!manifest.success) throw new RegulaError('bad-model', `${manifestFile} is not a Regula preprocessing manifest.`, { file: manifestFile });

  const topology = (modelJson as { modelTopology?: unknown }).modelTopology;
  checkLayers(topology, modelFile);
  const groups = (modelJson as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(groups)) throw new RegulaError('bad-model', `${modelFile} has no weights manifest.`, { file: modelFile });

  const specs: WeightSpec[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of groups as { paths?: unknown; weights?: unknown }[]) {
    const groupSpecs = checkSpecs(group.weights, modelFile);
    const expected = groupSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[s.dtype]!, 0);
    if (expected > MAX_WEIGHT_BYTES) throw new RegulaError('bad-model', `${modelFile} declares ${expected} bytes of weights, more than Regula loads.`, { file: modelFile });
    const parts: Uint8Array[] = [];
    for (const p of Array.isArray(group.paths) ? group.paths : []) parts.push(await readInside(dir, p, modelFile));
    const size = parts.reduce((n, b) => n + b.byteLength, 0);
    if (size !== expected) {
      throw new RegulaError('bad-model', `The weight files of ${modelFile} hold ${size} bytes but its manifest declares ${expected}.`, { file: modelFile });
    }
    specs.push(...groupSpecs);
    buffers.push(...parts);
  }
  const weightData = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.byteLength;
  }
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: topology as object, weightSpecs: specs as tfTypes.io.WeightsManifestEntry[], weightData: weightData.buffer }),
  );
  return { model, manifest: manifest.data };
}

async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new RegulaError('bad-model', `${file} is missing: this folder is not a Regula model package.`, { file });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new RegulaError('bad-model', `${file} is not valid JSON.`, { file });
  }
}

function checkLayers(topology: unknown, file: string): void {
  const layers = (topology as { config?: { layers?: unknown } } | undefined)?.config?.layers;
  if (!Array.isArray(layers) || layers.length === 0) throw new RegulaError('bad-model', `${file} has no layers.`, { file });
  for (const layer of layers as { class_name?: unknown }[]) {
    if (typeof layer.class_name !== 'string' || !ALLOWED_LAYERS.has(layer.class_name)) {
      throw new RegulaError('bad-model', `${file} contains a layer of type ${String(layer.class_name).slice(0, 40)}, which Regula does not load.`, { file });
    }
  }
}

function checkSpecs(weights: unknown, file: string): WeightSpec[] {
  if (!Array.isArray(weights)) throw new RegulaError('bad-model', `${file} has a malformed weights manifest.`, { file });
  return weights.map((w: Partial<WeightSpec>) => {
    const ok =
      typeof w.name === 'string' &&
      typeof w.dtype === 'string' &&
      w.dtype in DTYPE_BYTES &&
      Array.isArray(w.shape) &&
      w.shape.length <= 4 &&
      w.shape.every((d) => Number.isInteger(d) && d >= 0 && d <= 1e8);
    if (!ok) throw new RegulaError('bad-model', `${file} has a malformed weight entry.`, { file });
    return w as WeightSpec;
  });
}

/** Reads a weight file named in the manifest only if it is a plain file inside the package. */
async function readInside(dir: string, name: unknown, modelFile: string): Promise<Uint8Array> {
  if (typeof name !== 'string' || name.includes('\0') || path.isAbsolute(name) || name.split(/[\\/]/).includes('..') || /^[a-z]+:/i.test(name)) {
    throw new RegulaError('bad-model', `${modelFile} names a weight file outside its folder (${String(name).slice(0, 80)}); refused.`, { file: modelFile });
  }
  const file = path.resolve(dir, name);
  if (!file.startsWith(path.resolve(dir) + path.sep)) throw new RegulaError('bad-model', `${modelFile} names a weight file outside its folder; refused.`, { file: modelFile });
  let info;
  try {
    info = await lstat(file);
  } catch {
    throw new RegulaError('bad-model', `Weight file ${name} of ${modelFile} is missing.`, { file });
  }
  if (!info.isFile()) throw new RegulaError('bad-model', `Weight file ${name} of ${modelFile} is not a plain file (links are refused).`, { file });
  return new Uint8Array(await readFile(file));
}
