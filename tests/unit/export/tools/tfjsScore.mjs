// Child process: loads an exported TF.js model with plain @tensorflow/tfjs (no Regula code) and
// scores raw rows using preprocessing.json. Prints { scored, outputs } as JSON.
// Usage: node tfjsScore.mjs PACKAGE_DIR ROWS_CSV
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encodeRaw, readCsvRows, standardize } from './encodeRows.mjs';

const [dir, csv] = process.argv.slice(2);
const prep = JSON.parse(await readFile(path.join(dir, 'preprocessing.json'), 'utf8'));
const modelJson = JSON.parse(await readFile(path.join(dir, 'tfjs', 'model.json'), 'utf8'));
// An IOHandler that reads the files next to model.json, as loadLayersModel('…/model.json') does over HTTP.
const handler = {
  async load() {
    const buffers = [];
    for (const group of modelJson.weightsManifest) for (const p of group.paths) buffers.push(await readFile(path.join(dir, 'tfjs', p)));
    const weightData = Buffer.concat(buffers);
    return {
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
      weightData: weightData.buffer.slice(weightData.byteOffset, weightData.byteOffset + weightData.byteLength),
    };
  },
};
await tf.setBackend('cpu');
const model = await tf.loadLayersModel(handler);
const { scored, x } = encodeRaw(prep, readCsvRows(await readFile(csv, 'utf8')));
const outputs = model.predict(tf.tensor2d(standardize(prep, x))).arraySync();
process.stdout.write(JSON.stringify({ scored, outputs }));
