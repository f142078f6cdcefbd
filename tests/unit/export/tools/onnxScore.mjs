// Child process: runs an exported model.onnx with onnxruntime-node (no Regula code, no tfjs) on
// raw rows encoded from preprocessing.json. Prints { scored, outputs: { name: rows[] } } as JSON.
// Usage: node onnxScore.mjs PACKAGE_DIR ROWS_CSV
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { encodeRaw, readCsvRows } from './encodeRows.mjs';

const [dir, csv] = process.argv.slice(2);
const prep = JSON.parse(await readFile(path.join(dir, 'preprocessing.json'), 'utf8'));
const session = await ort.InferenceSession.create(path.join(dir, 'model.onnx'));
const { scored, x } = encodeRaw(prep, readCsvRows(await readFile(csv, 'utf8')));
const width = prep.inputs.length;
const features = new ort.Tensor('float32', Float32Array.from(x.flat()), [x.length, width]);
const result = await session.run({ features });
const outputs = {};
for (const name of session.outputNames) {
  const t = result[name];
  const cols = t.dims[1];
  outputs[name] = Array.from({ length: t.dims[0] }, (_, i) => Array.from(t.data.slice(i * cols, (i + 1) * cols)));
}
process.stdout.write(JSON.stringify({ scored, outputs, inputNames: session.inputNames, outputNames: session.outputNames }));
