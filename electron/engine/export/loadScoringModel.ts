// The model `regula predict --model PATH` scores with: a model folder (a run's, or one imported
// into a project) or an exported package (its folder or .zip). A package is read as import-model
// reads it — manifest, names, sizes and SHA-256 checked, preprocessing.json rebuilt into the
// engine's manifest with the training file's missing markers — so scoring from the package gives
// the run's predictions, never a new file read with the default markers.
import { lstat, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import { RegulaError } from '../errors';
import { writeFileAtomic } from '../store/atomicFile';
import { PACKAGE_MANIFEST } from './exportRun';
import { manifestFromPackage } from './importModel';
import { loadModelPackage, type ModelPackage } from './loadModelPackage';
import { MODEL_FILE, PREP_FILE } from './modelFiles';
import { readPackageFiles } from './packageFiles';

export async function loadScoringModel(tf: typeof tfTypes, modelPath: string): Promise<ModelPackage> {
  const absolute = path.resolve(modelPath);
  if (!(await isExportedPackage(absolute))) return loadModelPackage(tf, absolute);
  const { files } = await readPackageFiles(absolute);
  const manifest = manifestFromPackage(absolute, files.get(PREP_FILE));
  const tfjs = [...files.keys()].filter((f) => f.startsWith('tfjs/'));
  if (!files.has(`tfjs/${MODEL_FILE}`)) {
    throw new RegulaError('bad-package', `${absolute} has no TF.js model (tfjs/${MODEL_FILE}); export it again with --format tfjs (or all).`, { file: absolute });
  }
  // The checked bytes go through the one validating loader (layers, weight specs, finite weights),
  // from a private scratch folder removed at once.
  const scratch = await mkdtemp(path.join(os.tmpdir(), 'regula-package-'));
  try {
    for (const name of tfjs) await writeFileAtomic(path.join(scratch, path.basename(name)), files.get(name)!);
    await writeFileAtomic(path.join(scratch, PREP_FILE), JSON.stringify(manifest));
    return await loadModelPackage(tf, scratch);
  } catch (err) {
    // Name the package's own files, not the scratch folder that is gone when the user reads this.
    if (err instanceof RegulaError) {
      const named = (text: string) => text.split(scratch).join(path.join(absolute, 'tfjs'));
      throw new RegulaError(err.code, named(err.message), { ...err.place, ...(err.place.file ? { file: named(err.place.file) } : {}) });
    }
    throw err;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A .zip, or a folder holding an exported package's manifest.json (a model folder has none). */
async function isExportedPackage(absolute: string): Promise<boolean> {
  const info = await lstat(absolute).catch(() => undefined);
  if (!info) return false; // the loader names the missing folder
  if (info.isFile()) return absolute.toLowerCase().endsWith('.zip');
  return info.isDirectory() && (await lstat(path.join(absolute, PACKAGE_MANIFEST)).catch(() => undefined)) !== undefined;
}
