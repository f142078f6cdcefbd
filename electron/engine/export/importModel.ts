// Imports an exported model package (a colleague's, or our own) into a project's models/ folder,
// so it can be scored like a run's model. The package is untrusted: its files are read through
// readPackageFiles (names, sizes, hashes), its preprocessing.json is parsed and cross-checked, and
// its TF.js model is loaded by our own validating loader before anything is renamed into place.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { syncFolder, writeFileAtomic } from '../store/atomicFile';
import path from 'node:path';
import { z } from 'zod';
import { MissingStrategy, Task, type MissingMarkerSettings } from '../../../shared/domain';
import { DEFAULT_MISSING_MARKERS } from '../data/missingMarkers';
import { RegulaError } from '../errors';
import type { PrepManifest } from '../prep/manifest';
import { readProjectFile } from '../store/projectFile';
import { lockProject } from '../store/projectLock';
import { loadBackend, type BackendPreference } from '../train/backend';
import { loadModelPackage } from './loadModelPackage';
import { MODEL_FILE, PREP_FILE } from './modelFiles';
import { readPackageFiles } from './packageFiles';
import { PREPROCESSING_FORMAT, PREPROCESSING_SCHEMA_VERSION } from './preprocessingFile';

export const MODELS_DIR = 'models';
const finite = z.number().finite();

const ExportedPreprocessingSchema = z.object({
  format: z.literal(PREPROCESSING_FORMAT),
  // Version 1 (no missingMarkers: the defaults were in force) and 2 are read.
  schemaVersion: z.number().int().min(1).max(PREPROCESSING_SCHEMA_VERSION),
  target: z.object({ name: z.string().max(500), task: Task, classes: z.array(z.string().max(500)).max(1000).nullable() }),
  columns: z
    .array(
      z.object({
        name: z.string().max(500),
        type: z.enum(['numeric', 'category']),
        missing: z.union([z.object({ rule: z.literal('drop-row') }), z.object({ rule: z.literal('fill'), value: z.union([finite, z.string().max(500)]), fittedBy: MissingStrategy })]),
        categories: z.array(z.string().max(500)).max(1000).optional(),
        unseenCategory: z.enum(['other', 'all-zero']).optional(),
      }),
    )
    .min(1)
    .max(10_000),
  inputs: z
    .array(
      z.object({
        name: z.string().max(1000),
        source: z.string().max(500),
        kind: z.enum(['numeric', 'onehot']),
        category: z.string().max(500).optional(),
        other: z.boolean().optional(),
        mean: finite,
        std: finite.positive(),
      }),
    )
    .min(1)
    .max(100_000),
  missingMarkers: z
    .object({
      default: z.array(z.string().max(100)).max(100),
      perColumn: z.record(z.string().max(500), z.array(z.string().max(100)).max(100)),
    })
    .optional(),
  training: z.object({
    rows: z.object({ total: z.number().int(), used: z.number().int(), dropped: z.number().int(), train: z.number().int(), validation: z.number().int(), test: z.number().int() }),
    seed: z.number().int(),
  }),
});

export interface ImportedModel {
  id: string;
  /** The model folder inside the project (usable with `regula predict --model`). */
  modelDir: string;
  task: string;
  target: string;
  inputs: string[];
  sourceRunId: string | null;
}

/** The engine's preprocessing manifest rebuilt from a package's preprocessing.json, cross-checked. */
export function manifestFromPackage(source: string, bytes: Uint8Array | undefined): PrepManifest {
  const refuse = (why: string): never => {
    throw new RegulaError('bad-package', `${source}: preprocessing.json ${why}.`, { file: source });
  };
  if (!bytes) refuse('is missing, so raw rows cannot be turned into the model\'s inputs');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes!).toString('utf8'));
  } catch {
    refuse('is not valid JSON');
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > PREPROCESSING_SCHEMA_VERSION) refuse(`schemaVersion is ${version}, written by a newer Regula (this one reads up to ${PREPROCESSING_SCHEMA_VERSION})`);
  const parsed = ExportedPreprocessingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    refuse(`is not a Regula preprocessing file (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`);
  }
  const p = parsed.data!;
  const columns = new Map(p.columns.map((c) => [c.name, c]));
  for (const input of p.inputs) {
    const column = columns.get(input.source);
    if (!column) refuse(`has input "${input.name.slice(0, 80)}" from a column it does not describe`);
    if ((input.kind === 'numeric') !== (column!.type === 'numeric')) refuse(`has input "${input.name.slice(0, 80)}" whose kind does not match its column`);
    if (input.kind === 'onehot' && input.category !== undefined && !column!.categories?.includes(input.category)) refuse(`has a one-hot input for a category its column does not list`);
  }
  if (p.target.task !== 'regression' && (!p.target.classes || p.target.classes.length < 2)) refuse('names no classes for a classifier');
  const missingMarkers = markerSettings(p.schemaVersion, p.missingMarkers, new Set([...columns.keys(), p.target.name]), refuse);
  return {
    schemaVersion: 1,
    target: { name: p.target.name, task: p.target.task, ...(p.target.classes ? { classes: p.target.classes } : {}) },
    columns: p.columns.map((c) => ({
      name: c.name,
      kind: c.type,
      missing: c.missing.rule === 'drop-row' ? 'drop-rows' : c.missing.fittedBy,
      ...(c.missing.rule === 'fill' ? { fill: c.missing.value } : {}),
      ...(c.type === 'category' ? { categories: c.categories ?? [], hasOther: c.unseenCategory === 'other' } : {}),
    })),
    inputs: p.inputs.map((i) => ({
      name: i.name,
      source: i.source,
      kind: i.kind,
      ...(i.category !== undefined ? { category: i.category } : {}),
      ...(i.other ? { other: true } : {}),
      mean: i.mean,
      std: i.std,
    })),
    rows: p.training.rows,
    seed: p.training.seed,
    ...(missingMarkers ? { missingMarkers } : {}),
  };
}

/**
 * The engine's marker settings from preprocessing.json's `missingMarkers`, so a new file is read
 * as the training file was (predict applies them). Version 1 files carry none: the defaults.
 */
function markerSettings(
  version: number,
  markers: { default: string[]; perColumn: Record<string, string[]> } | undefined,
  known: Set<string>,
  refuse: (why: string) => never,
): MissingMarkerSettings | undefined {
  if (!markers) {
    if (version >= 2) refuse(`has no missingMarkers (schemaVersion ${version} carries them)`);
    return undefined;
  }
  const perColumn = Object.entries(markers.perColumn);
  const stray = perColumn.find(([name]) => !known.has(name));
  if (stray) refuse(`missingMarkers.perColumn names column "${stray[0].slice(0, 80)}", which neither columns nor target describe`);
  const sameDefaults = markers.default.length === DEFAULT_MISSING_MARKERS.length && markers.default.every((m) => DEFAULT_MISSING_MARKERS.includes(m.trim().toLowerCase()));
  if (perColumn.length === 0 && sameDefaults) return undefined;
  return {
    // A package whose general list is not ours (another writer's): that list is the rule elsewhere.
    ...(sameDefaults ? {} : { markers: markers.default }),
    ...(perColumn.length ? { perColumn: Object.fromEntries(perColumn) } : {}),
  };
}

export async function importModelPackage(projectDir: string, source: string, options: { backendPreference?: BackendPreference } = {}): Promise<ImportedModel> {
  const project = path.resolve(projectDir);
  await readProjectFile(project);
  const { manifest, files } = await readPackageFiles(source);
  const origin = path.resolve(source);
  const manifestBytes = files.get('preprocessing.json');
  const prep = manifestFromPackage(origin, manifestBytes);
  const tfjsFiles = [...files.keys()].filter((f) => f.startsWith('tfjs/'));
  if (!files.has(`tfjs/${MODEL_FILE}`)) {
    throw new RegulaError('bad-package', `${origin} has no TF.js model (tfjs/${MODEL_FILE}); export it again with --format tfjs (or all).`, { file: origin });
  }

  const lock = await lockProject(project);
  const id = `m-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const modelsDir = path.join(project, MODELS_DIR);
  const temp = path.join(modelsDir, `.import-${id}`);
  const finalDir = path.join(modelsDir, id);
  try {
    await mkdir(temp, { recursive: true });
    // Through the store's writer (fsynced, a full disk named), renamed into place as one folder.
    for (const name of tfjsFiles) await writeFileAtomic(path.join(temp, path.basename(name)), files.get(name)!);
    await writeFileAtomic(path.join(temp, PREP_FILE), JSON.stringify(prep, null, 2) + '\n');
    if (files.has('model-card.md')) await writeFileAtomic(path.join(temp, 'model-card.md'), files.get('model-card.md')!);
    // Our validating loader: weight paths inside the folder, layer allowlist, sizes before allocating.
    const { tf } = await loadBackend(options.backendPreference ?? 'cpu');
    const pkg = await loadModelPackage(tf, temp);
    try {
      const width = pkg.model.inputs[0]?.shape[1];
      const outputs = pkg.model.outputs[0]?.shape[1];
      const expectedOutputs = prep.target.task === 'multiclass' ? prep.target.classes!.length : 1;
      if (width !== prep.inputs.length) throw new RegulaError('bad-package', `${origin}: the model takes ${String(width)} inputs but preprocessing.json describes ${prep.inputs.length}.`, { file: origin });
      if (outputs !== expectedOutputs) throw new RegulaError('bad-package', `${origin}: the model has ${String(outputs)} outputs but a ${prep.target.task} model needs ${expectedOutputs}.`, { file: origin });
    } finally {
      pkg.model.dispose();
    }
    const record = { id, importedFrom: path.basename(origin), importedAt: new Date().toISOString(), sourceRunId: manifest.runId ?? null, task: prep.target.task, target: prep.target.name };
    await writeFileAtomic(path.join(temp, 'imported.json'), JSON.stringify(record, null, 2) + '\n');
    await rename(temp, finalDir);
    await syncFolder(modelsDir);
    return { id, modelDir: finalDir, task: prep.target.task, target: prep.target.name, inputs: prep.inputs.map((i) => i.name), sourceRunId: manifest.runId ?? null };
  } finally {
    await rm(temp, { recursive: true, force: true });
    await lock.release();
  }
}
