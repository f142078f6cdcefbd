// Saves a trained model in the TF.js layers format (model.json + weights.bin) next to its
// preprocessing manifest. We use our own save handler, not tfjs-node's file://, because the wasm
// fallback has no file IO and because the folder is written under a temporary name and renamed,
// so a model folder is either complete or absent.
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs';
import type { PrepManifest } from '../prep/manifest';
import { asWriteError, syncFolder, writeFileAtomic } from '../store/atomicFile';

export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const PREP_FILE = 'preprocessing.json';

export async function saveModelPackage(
  tf: typeof tfTypes,
  model: tfTypes.LayersModel,
  manifest: PrepManifest,
  targetDir: string,
): Promise<void> {
  const tempDir = `${targetDir}.partial`;
  let bytes = 0;
  try {
    await rm(tempDir, { recursive: true, force: true });
    await mkdir(tempDir, { recursive: true });
    // Each file through the store's writer (whole buffer, fsync; a full disk named with the space
    // needed), then the folder renamed into place and its parent fsynced: after a crash or power
    // cut the run's model folder is complete or absent, never a folder of empty files.
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        const weights = joinWeightData(artifacts.weightData);
        const modelJson = {
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
          convertedBy: 'Regula',
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [WEIGHTS_FILE], weights: artifacts.weightSpecs ?? [] }],
        };
        const json = JSON.stringify(modelJson);
        bytes += json.length + weights.byteLength;
        await writeFileAtomic(path.join(tempDir, MODEL_FILE), json);
        await writeFileAtomic(path.join(tempDir, WEIGHTS_FILE), weights);
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } };
      }),
    );
    await writeFileAtomic(path.join(tempDir, PREP_FILE), JSON.stringify(manifest, null, 2) + '\n');
    await rm(targetDir, { recursive: true, force: true });
    await rename(tempDir, targetDir);
    await syncFolder(path.dirname(targetDir));
  } catch (err) {
    // The write error is the one to report; recovery on open removes a model.partial left anyway.
    await rm(tempDir, { recursive: true, force: true }).catch(() => undefined);
    throw asWriteError(err, path.join(targetDir, WEIGHTS_FILE), bytes);
  }
}

function joinWeightData(data: ArrayBuffer | ArrayBuffer[] | undefined): Uint8Array {
  if (!data) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((n, p) => n + p.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  return out;
}
