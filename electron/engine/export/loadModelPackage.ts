// Loads a model package (model.json + weights + preprocessing.json) with our own IO, never
// tfjs-node's file:// loader, which does not check that weight paths stay inside the package.
// A package is untrusted input: every file is resolved to its real path and must stay inside the
// package's real folder (a symlinked directory defeats a string check: `sub -> /etc`); paths,
// declared sizes, layer kinds, units, activations and shapes are all checked before anything is
// read or allocated (packageValidation.ts, the one validator of packages); weights must be finite. Every refusal is a `bad-model` error.
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { RegulaError } from '../errors';
import { PrepManifest } from '../prep/manifest';
import { checkFiniteWeights, checkManifest, checkTopology, checkWeightSpecs, isSafePackageName } from './packageValidation';
import { MODEL_FILE, PREP_FILE } from './modelFiles';

const DTYPE_BYTES: Record<string, number> = { float32: 4 };
const MAX_WEIGHT_BYTES = 2 * 1024 ** 3;
/** model.json and preprocessing.json are small; a bigger one is not Regula's. */
const MAX_JSON_BYTES = 16 * 1024 * 1024;

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
  const root = await packageRoot(dir);
  const modelFile = path.join(dir, MODEL_FILE);
  const modelJson = await readJson(root, modelFile);
  const manifestFile = path.join(dir, PREP_FILE);
  const manifestJson = await readJson(root, manifestFile);
  const parsed = PrepManifest.safeParse(manifestJson);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? ` (${issue.path.join('.')}: ${issue.message})` : '';
    throw new RegulaError('bad-model', `${manifestFile} is not a Regula preprocessing manifest${field}.`, { file: manifestFile });
  }
  const manifest = parsed.data;
  checkManifest(manifest, manifestFile);

  const topology = (modelJson as { modelTopology?: unknown }).modelTopology;
  const expectedWeights = checkTopology(topology, manifest, modelFile);
  const groups = (modelJson as { weightsManifest?: unknown }).weightsManifest;
  if (!Array.isArray(groups) || groups.length === 0) throw new RegulaError('bad-model', `${modelFile}: weightsManifest is missing.`, { file: modelFile });

  // Every path and size is settled before the first weight byte is read.
  const specs: WeightSpec[] = [];
  const files: { real: string; name: string; size: number }[] = [];
  const seen = new Set<string>();
  for (const [g, group] of (groups as { paths?: unknown; weights?: unknown }[]).entries()) {
    if (typeof group !== 'object' || group === null) throw new RegulaError('bad-model', `${modelFile}: weightsManifest[${g}] is not a weight group.`, { file: modelFile });
    const groupSpecs = checkSpecs(group.weights, modelFile);
    const expected = groupSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1) * DTYPE_BYTES[s.dtype]!, 0);
    if (!Array.isArray(group.paths) || group.paths.length === 0) throw new RegulaError('bad-model', `${modelFile}: weightsManifest[${g}].paths is missing.`, { file: modelFile });
    let size = 0;
    for (const name of group.paths as unknown[]) {
      const file = await resolveInside(root, dir, name, modelFile);
      if (seen.has(file.real)) throw new RegulaError('bad-model', `${modelFile}: weightsManifest[${g}].paths names ${String(name)} a second time; refused.`, { file: modelFile });
      seen.add(file.real);
      size += file.size;
      files.push(file);
    }
    if (size !== expected) {
      throw new RegulaError('bad-model', `${modelFile}: the weight files of weightsManifest[${g}] hold ${size} bytes but its weights manifest declares ${expected}.`, { file: modelFile });
    }
    specs.push(...groupSpecs);
  }
  checkWeightSpecs(specs, expectedWeights, modelFile);
  const total = files.reduce((n, f) => n + f.size, 0);
  if (total > MAX_WEIGHT_BYTES) throw new RegulaError('bad-model', `${modelFile} declares ${total} bytes of weights, more than Regula loads.`, { file: modelFile });

  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const f of files) {
    const bytes = await readFile(f.real);
    // The file may have changed since it was measured; what was checked is what is loaded.
    if (bytes.byteLength !== f.size) throw new RegulaError('bad-model', `Weight file ${f.name} of ${modelFile} changed while it was read.`, { file: f.real });
    weightData.set(bytes, offset);
    offset += bytes.byteLength;
  }
  checkFiniteWeights(weightData, specs, modelFile);
  try {
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: topology as object, weightSpecs: specs as tfTypes.io.WeightsManifestEntry[], weightData: weightData.buffer }),
    );
    return { model, manifest };
  } catch (err) {
    // Anything the checks above let through but TensorFlow.js still rejects is the file's fault too.
    throw new RegulaError('bad-model', `${modelFile} cannot be loaded as a model (${err instanceof Error ? err.message : String(err)}).`, { file: modelFile });
  }
}

async function packageRoot(dir: string): Promise<string> {
  try {
    return await realpath(dir);
  } catch {
    throw new RegulaError('bad-model', `${dir} was not found: it is not a Regula model package.`, { file: dir });
  }
}

async function readJson(root: string, file: string): Promise<unknown> {
  let text: string;
  try {
    const real = await realpath(file);
    if (!inside(root, real)) throw new RegulaError('bad-model', `${file} leads outside the model package (a link); refused.`, { file });
    const info = await stat(real);
    if (!info.isFile()) throw new RegulaError('bad-model', `${file} is not a plain file.`, { file });
    if (info.size > MAX_JSON_BYTES) throw new RegulaError('bad-model', `${file} is ${info.size} bytes; a model package's JSON files are at most ${MAX_JSON_BYTES} bytes.`, { file });
    text = await readFile(real, 'utf8');
  } catch (err) {
    if (err instanceof RegulaError) throw err;
    throw new RegulaError('bad-model', `${file} is missing: this folder is not a Regula model package.`, { file });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new RegulaError('bad-model', `${file} is not valid JSON.`, { file });
  }
}

function checkSpecs(weights: unknown, file: string): WeightSpec[] {
  if (!Array.isArray(weights)) throw new RegulaError('bad-model', `${file}: weightsManifest weights is not a list.`, { file });
  return weights.map((w: Partial<WeightSpec> | null, i) => {
    const ok =
      typeof w === 'object' &&
      w !== null &&
      typeof w.name === 'string' &&
      typeof w.dtype === 'string' &&
      w.dtype in DTYPE_BYTES &&
      Array.isArray(w.shape) &&
      w.shape.length <= 4 &&
      w.shape.every((d) => Number.isInteger(d) && d >= 0 && d <= 1e8);
    if (!ok) throw new RegulaError('bad-model', `${file}: weightsManifest weight entry ${i} (${JSON.stringify(w)?.slice(0, 80)}) is malformed.`, { file });
    return w as WeightSpec;
  });
}

const inside = (root: string, real: string): boolean => real.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

/**
 * A weight file named in the manifest, resolved to its real path (links followed) and measured;
 * refused unless it is a plain file inside the package's real folder.
 */
async function resolveInside(root: string, dir: string, name: unknown, modelFile: string): Promise<{ real: string; name: string; size: number }> {
  // The same name rule as an exported package's files: plain characters, at most one folder, so
  // no `..`, absolute path, drive, scheme, backslash or NUL gets as far as the file system.
  if (typeof name !== 'string' || !isSafePackageName(name)) {
    throw new RegulaError('bad-model', `${modelFile} names a weight file outside its folder (${String(name).slice(0, 80)}); refused.`, { file: modelFile });
  }
  const named = path.resolve(dir, name);
  let real: string;
  try {
    if ((await lstat(named)).isSymbolicLink()) throw new RegulaError('bad-model', `Weight file ${name} of ${modelFile} is not a plain file (links are refused).`, { file: modelFile });
    real = await realpath(named);
  } catch (err) {
    if (err instanceof RegulaError) throw err;
    throw new RegulaError('bad-model', `Weight file ${name} of ${modelFile} is missing.`, { file: modelFile });
  }
  // No size or content of a file outside the package may show in the message.
  if (!inside(root, real)) throw new RegulaError('bad-model', `${modelFile} names a weight file (${name}) that leads outside the package through a link; refused.`, { file: modelFile });
  const info = await stat(real);
  if (!info.isFile()) throw new RegulaError('bad-model', `Weight file ${name} of ${modelFile} is not a plain file.`, { file: modelFile });
  return { real, name, size: info.size };
}
