// Mutated model packages for the predict fuzz campaign: copies of the committed fixture packages
// (trained by tests/fixtures/hostile/make_model_packages.ts) with one to three tamperings each —
// topology, weights manifest, weight bytes, preprocessing manifest, links out of the folder.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mutateBytes, Random } from './random';

const modelsDir = fileURLToPath(new URL('../../tests/fixtures/hostile/models/', import.meta.url));
const engineFixtures = fileURLToPath(new URL('../../tests/fixtures/engine/', import.meta.url));
export const PACKAGE_SOURCES = [
  { name: 'linear-regression', data: path.join(engineFixtures, 'linear.csv') },
  { name: 'mlp-binary', data: path.join(engineFixtures, 'binary.csv') },
];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WILD = [0, -1, 1.5, 1e8, 1e300, Number.NaN, null, 'x', '', [], {}, true, '__proto__', 4096, 4097, 2 ** 31];
const wild = (r: Random): unknown => (r.chance(0.5) ? r.pick(WILD) : r.int(-3, 9));

const MUTATIONS: { name: string; apply: (r: Random, m: Json, p: Json, w: { bytes: Uint8Array }, dir: string) => void }[] = [
  { name: 'units', apply: (r, m) => void (r.pick(layers(m)).config.units = wild(r)) },
  { name: 'activation', apply: (r, m) => void (r.pick(layers(m)).config.activation = r.pick(['relu', 'softmax', 'sigmoid', 'gelu', 'swish', '', null, 'linear', 1])) },
  { name: 'class_name', apply: (r, m) => void (r.pick(layers(m)).class_name = r.pick(['Lambda', 'Conv2D', 'Dense', 'Dropout', 'Activation', 'InputLayer', 'Flatten', ''])) },
  { name: 'drop-layer', apply: (r, m) => void layers(m).splice(r.int(0, layers(m).length - 1), 1) },
  { name: 'dup-layer', apply: (r, m) => void layers(m).push(JSON.parse(JSON.stringify(r.pick(layers(m))))) },
  { name: 'input-shape', apply: (r, m) => void (layers(m)[0]!.config.batch_input_shape = r.pick([[null, r.int(0, 9)], [1, 2], null, 'x', [null, 2, 3]])) },
  { name: 'rate', apply: (r, m) => void (r.pick(layers(m)).config.rate = wild(r)) },
  { name: 'topology-class', apply: (r, m) => void (m.modelTopology.class_name = r.pick(['Model', 'Functional', 'Sequential', null])) },
  { name: 'weight-shape', apply: (r, m) => void (r.pick(specs(m)).shape = r.pick([[1e8, 1e8], [r.int(0, 9), r.int(0, 9)], [r.int(0, 9)], [], [-1], [1.5]])) },
  { name: 'weight-dtype', apply: (r, m) => void (r.pick(specs(m)).dtype = r.pick(['int32', 'float16', 'string', 'complex64', 'float32'])) },
  { name: 'weight-name', apply: (r, m) => void (r.pick(specs(m)).name = r.pick(['x/kernel', 'output/kernel', 'hidden_1/bias', '', '../x'])) },
  { name: 'dup-path', apply: (r, m) => void (m.weightsManifest[0].paths = Array.from({ length: r.int(2, 60) }, () => 'weights.bin')) },
  { name: 'bad-path', apply: (r, m) => void (m.weightsManifest[0].paths = [r.pick(['../weights.bin', '/etc/passwd', 'C:\\x', 'file:///etc/passwd', 'a\0b', '', 'nope.bin', 'sub/passwd', 'link.bin'])]) },
  { name: 'dir-link', apply: (r, m, _p, _w, dir) => {
    symlinkSync('/etc', path.join(dir, 'sub'));
    m.weightsManifest[0].paths = [r.pick(['sub/passwd', 'sub/hostname', 'sub/../weights.bin'])];
  } },
  { name: 'file-link', apply: (_r, m, _p, _w, dir) => {
    symlinkSync(path.join(dir, 'weights.bin'), path.join(dir, 'link.bin'));
    m.weightsManifest[0].paths = ['link.bin'];
  } },
  { name: 'weight-bytes', apply: (r, _m, _p, w) => void (w.bytes = mutateBytes(r, w.bytes, r.int(1, 4))) },
  { name: 'weight-nan', apply: (r, _m, _p, w) => {
    const view = new DataView(w.bytes.buffer, w.bytes.byteOffset, w.bytes.byteLength);
    if (w.bytes.byteLength >= 4) view.setFloat32(4 * r.int(0, w.bytes.byteLength / 4 - 1), r.pick([Number.NaN, Infinity, -Infinity, 3e38]), true);
  } },
  { name: 'std', apply: (r, _m, p) => void (r.pick(p.inputs as Json[]).std = wild(r)) },
  { name: 'mean', apply: (r, _m, p) => void (r.pick(p.inputs as Json[]).mean = wild(r)) },
  { name: 'schema', apply: (r, _m, p) => void (p.schemaVersion = r.pick([0, 2, 99, -1, 1.5, '1', null])) },
  { name: 'task', apply: (r, _m, p) => {
    p.target.task = r.pick(['regression', 'binary', 'multiclass', 'ranking']);
    p.target.classes = r.pick([undefined, ['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'a'], []]);
  } },
  { name: 'drop-input', apply: (r, _m, p) => void (p.inputs as Json[]).splice(r.int(0, p.inputs.length - 1), 1) },
  { name: 'input-source', apply: (r, _m, p) => void (r.pick(p.inputs as Json[]).source = r.pick(['nope', 'y', '', 'region'])) },
  { name: 'columns', apply: (r, _m, p) => void (r.pick(p.columns as Json[]).kind = r.pick(['numeric', 'category', 'date'])) },
  // Columns that contradict their inputs: each used to load and skip every row with exit 0.
  { name: 'column-categories', apply: (r, _m, p) => void (r.pick(p.columns as Json[]).categories = r.pick([['a'], [], ['a', 'a'], 'x', null])) },
  { name: 'column-other', apply: (r, _m, p) => void (r.pick(p.columns as Json[]).hasOther = r.pick([true, false, 'yes'])) },
  { name: 'column-name', apply: (r, _m, p) => void (r.pick(p.columns as Json[]).name = r.pick(['nope', '', (p.columns as Json[])[0]!.name])) },
  { name: 'column-fill', apply: (r, _m, p) => Object.assign(r.pick(p.columns as Json[]), { missing: r.pick(['mean', 'constant', 'drop-rows']), fill: r.pick([undefined, 'x', 0, 1e300, null]) }) },
  { name: 'input-kind', apply: (r, _m, p) => Object.assign(r.pick(p.inputs as Json[]), r.pick([{ kind: 'onehot', category: 'a' }, { kind: 'onehot', other: true }, { kind: 'onehot' }, { kind: 'numeric', category: 'a' }])) },
  { name: 'category-column', apply: (r, _m, p) => Object.assign(r.pick(p.columns as Json[]), { kind: 'category', categories: r.pick([['a'], ['a', 'b'], []]), hasOther: r.chance(0.5) }) },
  { name: 'dup-input', apply: (r, _m, p) => void (p.inputs as Json[]).push({ ...r.pick(p.inputs as Json[]) }) },
  { name: 'markers', apply: (r, _m, p) => void (p.missingMarkers = r.pick([{ perColumn: { nope: ['-999'] } }, { perColumn: { x1: ['-999'] } }, { markers: ['none'] }, { perColumn: 'x' }])) },
  { name: 'json-text', apply: () => undefined }, // handled below: model.json bytes damaged
];

const layers = (m: Json): Json[] => m.modelTopology.config.layers as Json[];
const specs = (m: Json): Json[] => m.weightsManifest[0].weights as Json[];

/** Package number `index`: written under `root`, returned with the file to predict and what was done. */
export function modelPackage(seed: number, index: number, root: string): { dir: string; data: string; mutations: string[] } {
  const r = new Random(seed * 7_000_003 + index);
  const source = r.pick(PACKAGE_SOURCES);
  const dir = path.join(root, `pkg-${index}`);
  mkdirSync(root, { recursive: true });
  cpSync(path.join(modelsDir, source.name), dir, { recursive: true });
  const model = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')) as Json;
  const prep = JSON.parse(readFileSync(path.join(dir, 'preprocessing.json'), 'utf8')) as Json;
  const weights = { bytes: new Uint8Array(readFileSync(path.join(dir, 'weights.bin'))) };
  const applied: string[] = [];
  let damageJson = false;
  for (let k = r.int(1, 3); k > 0; k--) {
    const mutation = r.pick(MUTATIONS);
    applied.push(mutation.name);
    if (mutation.name === 'json-text') damageJson = true;
    try {
      mutation.apply(r, model, prep, weights, dir);
    } catch {
      // A mutation that does not fit this package (a link already there): the others still apply.
    }
  }
  let modelText: Uint8Array = Buffer.from(JSON.stringify(model));
  if (damageJson) modelText = mutateBytes(r, modelText, r.int(1, 3));
  writeFileSync(path.join(dir, 'model.json'), modelText);
  writeFileSync(path.join(dir, 'preprocessing.json'), JSON.stringify(prep));
  writeFileSync(path.join(dir, 'weights.bin'), weights.bytes);
  return { dir, data: source.data, mutations: applied };
}
