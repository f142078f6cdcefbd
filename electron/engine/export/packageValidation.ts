// The one validator of model packages. A package is untrusted input (someone else's export, a
// tampered folder or zip), checked in two layers that used to live in two files:
// - its files (a `bad-package` error): the exported package's manifest.json — format, schema
//   version, names that stay inside the package, no duplicates, sizes and SHA-256 of each file;
// - what its files say (a `bad-model` error): the preprocessing manifest, the layers of
//   model.json and the weights they need, finite weights — something Regula itself could have
//   produced. Without these checks a 1e8-unit layer allocated 8.3 GB, a 3-class manifest on a
//   1-output model printed a "probability" of 6.97, and std = 0 gave one prediction for every
//   row — all with exit 0.
// The readers (packageFiles.ts for an exported folder or zip, loadModelPackage.ts for a model
// folder) do only the file-system work — real paths, links, reading — and call these checks.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Activation, SCHEMA_VERSION } from '../../../shared/domain';
import { RegulaError } from '../errors';
import type { PrepManifest } from '../prep/manifest';
import { PACKAGE_FORMAT, PACKAGE_MANIFEST, PACKAGE_SCHEMA_VERSION } from './exportRun';

// --- The package's files ------------------------------------------------------------------

/** Larger than any model Regula trains (its loader refuses more than 2 GB of weights). */
export const MAX_FILE_BYTES = 2 * 1024 ** 3;
export const MAX_MANIFEST_BYTES = 1024 * 1024;
const MAX_FILES = 64;
const SAFE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)?$/;

const PackageManifest = z.object({
  format: z.literal(PACKAGE_FORMAT),
  schemaVersion: z.number().int(),
  runId: z.string().max(200).optional(),
  task: z.string().max(40).optional(),
  files: z
    .array(z.object({ path: z.string().max(200), bytes: z.number().int().min(0).max(MAX_FILE_BYTES), sha256: z.string().regex(/^[0-9a-f]{64}$/) }))
    .max(MAX_FILES),
});
export type PackageManifest = z.infer<typeof PackageManifest>;

/** A package-relative name that stays inside the package: at most one folder, plain characters. */
export function isSafePackageName(name: string): boolean {
  return SAFE_NAME.test(name) && !name.split('/').some((part) => part === '..' || part === '.');
}

export function refusePackage(source: string, why: string): never {
  throw new RegulaError('bad-package', `${source} is not a usable Regula model package: ${why}.`, { file: source });
}

export function parseManifest(source: string, bytes: Uint8Array | undefined): PackageManifest {
  if (!bytes) refusePackage(source, `${PACKAGE_MANIFEST} is missing`);
  if (bytes.byteLength > MAX_MANIFEST_BYTES) refusePackage(source, `${PACKAGE_MANIFEST} is implausibly large`);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    refusePackage(source, `${PACKAGE_MANIFEST} is not valid JSON`);
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > PACKAGE_SCHEMA_VERSION) refusePackage(source, `it was written by a newer Regula (package schema ${version}; this version reads ${PACKAGE_SCHEMA_VERSION})`);
  const parsed = PackageManifest.safeParse(json);
  if (!parsed.success) refusePackage(source, `${PACKAGE_MANIFEST} is not a Regula package manifest (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
  const seen = new Set<string>();
  for (const f of parsed.data.files) {
    if (!isSafePackageName(f.path) || f.path === PACKAGE_MANIFEST) refusePackage(source, `its manifest names a file outside the package or with an unsafe name (${JSON.stringify(f.path.slice(0, 80))})`);
    if (seen.has(f.path)) refusePackage(source, `its manifest lists ${f.path} twice`);
    seen.add(f.path);
  }
  return parsed.data;
}

export function checkContent(source: string, manifest: PackageManifest, name: string, data: Uint8Array): void {
  const entry = manifest.files.find((f) => f.path === name)!;
  if (data.byteLength !== entry.bytes) refusePackage(source, `${name} holds ${data.byteLength} bytes but the manifest declares ${entry.bytes}`);
  if (createHash('sha256').update(data).digest('hex') !== entry.sha256) refusePackage(source, `${name} does not match its SHA-256 in the manifest (changed after export?)`);
}

// --- What the files say --------------------------------------------------------------------

/** The most units a layer may have: the limit of the run specs Regula trains (DenseLayerSpec). */
export const MAX_LAYER_UNITS = 4096;
/** Hidden layers (16 at most) with their dropout, the output and its activation, with room to spare. */
export const MAX_LAYERS = 40;
/** Activations Regula's networks use: the hidden-layer choices plus the output's sigmoid/softmax. */
const ACTIVATIONS = new Set<string>([...Activation.options, 'softmax']);

export interface ExpectedWeight {
  name: string;
  shape: number[];
}

function refuse(file: string, field: string, problem: string): never {
  throw new RegulaError('bad-model', `${file}: ${field} ${problem}; this is not a model package Regula can load.`, { file });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const shown = (v: unknown): string => JSON.stringify(v)?.slice(0, 60) ?? String(v);

/** The preprocessing manifest: schema version, finite scaling, classes that fit the task. */
export function checkManifest(manifest: PrepManifest, file: string): void {
  if (manifest.schemaVersion > SCHEMA_VERSION) refuse(file, 'schemaVersion', `is ${manifest.schemaVersion}, written by a newer Regula (this one reads up to ${SCHEMA_VERSION})`);
  if (manifest.schemaVersion < 1) refuse(file, 'schemaVersion', `is ${manifest.schemaVersion}`);
  if (manifest.inputs.length === 0) refuse(file, 'inputs', 'is empty');
  const sources = new Set(manifest.columns.map((c) => c.name));
  manifest.inputs.forEach((input, i) => {
    if (!Number.isFinite(input.mean)) refuse(file, `inputs[${i}].mean`, `is ${shown(input.mean)} (input "${input.name}")`);
    if (!Number.isFinite(input.std) || input.std <= 0) refuse(file, `inputs[${i}].std`, `is ${shown(input.std)} (input "${input.name}"); a scale must be a positive number`);
    if (!sources.has(input.source)) refuse(file, `inputs[${i}].source`, `names column "${input.source}", which the manifest's columns do not list`);
  });
  checkColumnsAgainstInputs(manifest, file);
  const { task, classes } = manifest.target;
  if (task === 'regression' && classes !== undefined) refuse(file, 'target.classes', 'is given for a regression model');
  if (task === 'binary' && classes?.length !== 2) refuse(file, 'target.classes', `must list exactly 2 classes for a binary model (it lists ${classes?.length ?? 0})`);
  if (task === 'multiclass' && (classes === undefined || classes.length < 3)) refuse(file, 'target.classes', `must list at least 3 classes for a multiclass model (it lists ${classes?.length ?? 0})`);
  if (classes && new Set(classes).size !== classes.length) refuse(file, 'target.classes', 'lists a class twice');
}

/**
 * Columns and inputs must tell one story, the one fitEncodings writes: a numeric column feeds
 * exactly one numeric input; a category column feeds one one-hot input per listed category (and
 * one "other" input when it keeps other values), nothing else. A contradiction (a column marked
 * category whose input is numeric, one-hot inputs of a numeric column, categories listed for a
 * numeric column) used to load, and predict then skipped every row — exit 0, no prediction.
 */
function checkColumnsAgainstInputs(manifest: PrepManifest, file: string): void {
  const { columns, inputs } = manifest;
  if (columns.length === 0) refuse(file, 'columns', 'is empty');
  const at = new Map<string, number>();
  columns.forEach((c, k) => {
    if (at.has(c.name)) refuse(file, `columns[${k}].name`, `repeats column "${c.name.slice(0, 80)}" (also columns[${at.get(c.name)}])`);
    at.set(c.name, k);
    if (c.kind === 'numeric') {
      if (c.categories !== undefined) refuse(file, `columns[${k}].categories`, `is given for column "${c.name.slice(0, 80)}", whose kind is numeric`);
      if (c.hasOther) refuse(file, `columns[${k}].hasOther`, `is set for column "${c.name.slice(0, 80)}", whose kind is numeric`);
      if (c.fill !== undefined && (typeof c.fill !== 'number' || !Number.isFinite(c.fill))) refuse(file, `columns[${k}].fill`, `is ${shown(c.fill)} for numeric column "${c.name.slice(0, 80)}"; it must be a finite number`);
      if (c.fill === undefined && c.missing !== 'drop-rows') refuse(file, `columns[${k}].fill`, `is missing for column "${c.name.slice(0, 80)}", whose missing rule (${c.missing}) fills empty cells`);
    } else {
      if (c.categories === undefined) refuse(file, `columns[${k}].categories`, `is missing for column "${c.name.slice(0, 80)}", whose kind is category`);
      if (new Set(c.categories).size !== c.categories.length) refuse(file, `columns[${k}].categories`, `lists a category twice (column "${c.name.slice(0, 80)}")`);
      if (c.fill !== undefined && typeof c.fill !== 'string') refuse(file, `columns[${k}].fill`, `is ${shown(c.fill)} for category column "${c.name.slice(0, 80)}"; it must be a category (text)`);
    }
  });
  const names = new Set<string>();
  const fed = new Map<string, string[]>(); // column → what its inputs stand for ("#" numeric, "=cat", "*" other)
  inputs.forEach((input, i) => {
    if (names.has(input.name)) refuse(file, `inputs[${i}].name`, `repeats input "${input.name.slice(0, 80)}"`);
    names.add(input.name);
    const k = at.get(input.source)!;
    const column = columns[k]!;
    const about = `input "${input.name.slice(0, 80)}" of column "${column.name.slice(0, 80)}"`;
    let slot: string;
    if (input.kind === 'numeric') {
      if (column.kind !== 'numeric') refuse(file, `inputs[${i}].kind`, `is numeric but its column, columns[${k}] ("${column.name.slice(0, 80)}"), is a category column`);
      if (input.category !== undefined || input.other) refuse(file, `inputs[${i}].category`, `is set for numeric ${about}`);
      slot = '#';
    } else {
      if (column.kind !== 'category') refuse(file, `inputs[${i}].kind`, `is onehot but its column, columns[${k}] ("${column.name.slice(0, 80)}"), is numeric`);
      if ((input.category !== undefined) === Boolean(input.other)) refuse(file, `inputs[${i}].category`, `must name one category, or "other": true, for one-hot ${about}`);
      if (input.category !== undefined && !column.categories!.includes(input.category)) refuse(file, `inputs[${i}].category`, `is ${shown(input.category)}, which columns[${k}].categories does not list (${about})`);
      if (input.other && !column.hasOther) refuse(file, `inputs[${i}].other`, `is set but columns[${k}].hasOther is not (${about})`);
      slot = input.other ? '*' : `=${input.category!}`;
    }
    const slots = fed.get(column.name) ?? [];
    if (slots.includes(slot)) refuse(file, `inputs[${i}]`, `repeats ${slot === '#' ? 'the numeric input' : slot === '*' ? 'the "other" input' : `category ${shown(input.category)}`} of column "${column.name.slice(0, 80)}"`);
    slots.push(slot);
    fed.set(column.name, slots);
  });
  columns.forEach((c, k) => {
    const slots = fed.get(c.name) ?? [];
    const unfed = c.kind === 'category' ? c.categories!.find((v) => !slots.includes(`=${v}`)) : undefined;
    let lack: string | undefined;
    if (c.kind === 'numeric' && slots.length === 0) lack = 'no numeric input';
    else if (unfed !== undefined) lack = `no one-hot input for its category ${shown(unfed)}`;
    else if (c.hasOther && !slots.includes('*')) lack = 'no "other" input, though hasOther is set';
    if (lack) refuse(file, `columns[${k}]`, `(column "${c.name.slice(0, 80)}") has ${lack} among inputs`);
  });
  const perColumn = manifest.missingMarkers?.perColumn ?? {};
  for (const name of Object.keys(perColumn)) {
    if (!at.has(name) && name !== manifest.target.name) refuse(file, 'missingMarkers.perColumn', `names column "${name.slice(0, 80)}", which neither columns nor target describe`);
  }
}

/**
 * The layers of model.json, walked once: kinds, units, activations and shapes must be what
 * buildNetwork makes for this manifest. Returns the weights the layers need, to compare with the
 * weights manifest before any weight file is read.
 */
export function checkTopology(topology: unknown, manifest: PrepManifest, file: string): ExpectedWeight[] {
  if (!isObject(topology)) refuse(file, 'modelTopology', 'is missing');
  if (topology.class_name !== 'Sequential') refuse(file, 'modelTopology.class_name', `is ${shown(topology.class_name)}; Regula writes Sequential models`);
  const layers = isObject(topology.config) ? topology.config.layers : undefined;
  if (!Array.isArray(layers) || layers.length === 0) refuse(file, 'modelTopology.config.layers', 'is missing or empty');
  if (layers.length > MAX_LAYERS) refuse(file, 'modelTopology.config.layers', `has ${layers.length} layers; Regula loads at most ${MAX_LAYERS} (the limit MAX_LAYERS)`);

  const expected: ExpectedWeight[] = [];
  const names = new Set<string>();
  let width = manifest.inputs.length;
  let lastActivation = 'linear';
  layers.forEach((layer: unknown, i) => {
    const at = `modelTopology.config.layers[${i}]`;
    if (!isObject(layer) || !isObject(layer.config)) refuse(file, at, 'is not a layer');
    const config = layer.config;
    const kind = layer.class_name;
    if (typeof config.name !== 'string' || config.name.length === 0 || config.name.length > 200) refuse(file, `${at}.config.name`, 'is missing');
    if (names.has(config.name)) refuse(file, `${at}.config.name`, `repeats the layer name ${shown(config.name)}`);
    names.add(config.name);
    if (config.dtype !== undefined && config.dtype !== 'float32') refuse(file, `${at}.config.dtype`, `is ${shown(config.dtype)}; Regula's layers are float32`);
    const inputShape = config.batch_input_shape ?? config.batchInputShape;
    if (inputShape !== undefined) {
      // Only the first layer states its input; it must be the manifest's inputs.
      const ok = i === 0 && Array.isArray(inputShape) && inputShape.length === 2 && inputShape[0] === null && inputShape[1] === manifest.inputs.length;
      if (!ok) refuse(file, `${at}.config.batch_input_shape`, `is ${shown(inputShape)} but the preprocessing manifest gives ${manifest.inputs.length} inputs`);
    } else if (i === 0) refuse(file, `${at}.config.batch_input_shape`, 'is missing');
    switch (kind) {
      case 'InputLayer':
        if (i !== 0) refuse(file, `${at}.class_name`, 'is an InputLayer after the first layer');
        break;
      case 'Dense': {
        const units = config.units;
        if (typeof units !== 'number' || !Number.isInteger(units) || units < 1 || units > MAX_LAYER_UNITS) {
          refuse(file, `${at}.config.units`, `is ${shown(units)}; a layer has 1 to ${MAX_LAYER_UNITS} units (the limit MAX_LAYER_UNITS)`);
        }
        const activation = config.activation ?? 'linear';
        if (typeof activation !== 'string' || !ACTIVATIONS.has(activation)) refuse(file, `${at}.config.activation`, `is ${shown(activation)}, which Regula does not use`);
        for (const constraint of ['kernel_constraint', 'bias_constraint']) {
          if (config[constraint] !== undefined && config[constraint] !== null) refuse(file, `${at}.config.${constraint}`, 'is set; Regula writes none');
        }
        const useBias = config.use_bias ?? true;
        if (typeof useBias !== 'boolean') refuse(file, `${at}.config.use_bias`, `is ${shown(useBias)}`);
        expected.push({ name: `${config.name}/kernel`, shape: [width, units] });
        if (useBias) expected.push({ name: `${config.name}/bias`, shape: [units] });
        width = units;
        lastActivation = activation;
        break;
      }
      case 'Dropout': {
        const rate = config.rate;
        if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) refuse(file, `${at}.config.rate`, `is ${shown(rate)}; a dropout rate lies in [0, 1)`);
        break;
      }
      case 'Activation': {
        const activation = config.activation;
        if (typeof activation !== 'string' || !ACTIVATIONS.has(activation)) refuse(file, `${at}.config.activation`, `is ${shown(activation)}, which Regula does not use`);
        if (activation !== 'linear') lastActivation = activation;
        break;
      }
      default:
        refuse(file, `${at}.class_name`, `names a layer of type ${String(kind).slice(0, 40)}, which Regula does not load`);
    }
  });

  const { task, classes } = manifest.target;
  const outputs = task === 'multiclass' ? (classes?.length ?? 0) : 1;
  if (width !== outputs) refuse(file, 'modelTopology (last layer units)', `gives ${width} outputs but the ${task} manifest needs ${outputs}`);
  const needed = task === 'binary' ? 'sigmoid' : task === 'multiclass' ? 'softmax' : undefined;
  if (needed && lastActivation !== needed) refuse(file, 'modelTopology (last activation)', `is ${lastActivation}; a ${task} model ends in ${needed}, so its outputs are probabilities`);
  if (!needed && (lastActivation === 'sigmoid' || lastActivation === 'softmax')) refuse(file, 'modelTopology (last activation)', `is ${lastActivation}; a regression model's output is not squashed`);
  return expected;
}

/** The weights manifest must list exactly the weights the layers need, float32, with their shapes. */
export function checkWeightSpecs(specs: { name: string; shape: number[]; dtype: string }[], expected: ExpectedWeight[], file: string): void {
  const byName = new Map<string, ExpectedWeight>(expected.map((e) => [e.name, e]));
  const seen = new Set<string>();
  specs.forEach((spec, i) => {
    const field = `weightsManifest weight "${spec.name.slice(0, 80)}"`;
    const want = byName.get(spec.name);
    if (!want) refuse(file, field, `(entry ${i}) belongs to no layer of the model`);
    if (seen.has(spec.name)) refuse(file, field, 'is listed twice');
    seen.add(spec.name);
    if (spec.dtype !== 'float32') refuse(file, `${field} dtype`, `is ${shown(spec.dtype)}; Regula's weights are float32`);
    if (spec.shape.length !== want.shape.length || spec.shape.some((d, k) => d !== want.shape[k])) {
      refuse(file, `${field} shape`, `is ${shown(spec.shape)} but the layers need ${shown(want.shape)}`);
    }
  });
  const missing = expected.find((e) => !seen.has(e.name));
  if (missing) refuse(file, 'weightsManifest', `has no weight "${missing.name}", which the layers need`);
}

/** Every weight a finite number: NaN or Infinity weights would print NaN predictions with exit 0. */
export function checkFiniteWeights(data: Uint8Array, specs: { name: string; shape: number[] }[], file: string): void {
  const values = new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  let at = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    for (let k = at; k < at + n; k++) {
      if (!Number.isFinite(values[k]!)) refuse(file, `weight "${spec.name}" value ${k - at}`, `is ${values[k]}; weights must be finite numbers`);
    }
    at += n;
  }
}
