// Tampered model packages: each must be refused with a `bad-model` error that names the file and
// the field, before anything is read from outside the package or allocated from its sizes.
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelPackage } from '../../../electron/engine/export/loadModelPackage';
import { predictFile } from '../../../electron/engine/export/predict';
import { RegulaError } from '../../../electron/engine/errors';
import { regula } from '../cli/runCli';
import { engineFixture, fixturesDir, tempDir } from '../helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const fixtureModel = (name: string) => path.join(fixturesDir, 'hostile', 'models', name);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A copy of a fixture package with model.json / preprocessing.json edited, then loaded. */
async function tampered(name: string, edit: { model?: (j: Json, dir: string) => unknown; prep?: (j: Json) => unknown; weights?: (b: Buffer) => unknown }): Promise<RegulaError> {
  const dir = path.join(await tempDir('regula-tamper-'), 'model');
  await cp(fixtureModel(name), dir, { recursive: true });
  const model = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as Json;
  const prep = JSON.parse(await readFile(path.join(dir, 'preprocessing.json'), 'utf8')) as Json;
  const weights = await readFile(path.join(dir, 'weights.bin'));
  await edit.model?.(model, dir);
  edit.prep?.(prep);
  edit.weights?.(weights);
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(model));
  await writeFile(path.join(dir, 'preprocessing.json'), JSON.stringify(prep));
  await writeFile(path.join(dir, 'weights.bin'), weights);
  const err: unknown = await loadModelPackage(tf, dir).then(
    (pkg) => {
      pkg.model.dispose();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(err, 'the package should have been refused').toBeInstanceOf(RegulaError);
  expect((err as RegulaError).code).toBe('bad-model');
  return err as RegulaError;
}

describe('model packages Regula made still load and predict', () => {
  it.each(['linear-regression', 'mlp-binary'])('%s', async (name) => {
    const pkg = await loadModelPackage(tf, fixtureModel(name));
    const result = await predictFile(tf, pkg, engineFixture(name === 'mlp-binary' ? 'binary.csv' : 'linear.csv'));
    expect(result.predicted).toBeGreaterThan(0);
    for (const row of result.rows) expect(row.every((c) => c === null || typeof c === 'string' || Number.isFinite(c))).toBe(true);
    pkg.model.dispose();
  });
});

describe('tampered model packages are refused', () => {
  it('a symlinked directory cannot lead a weight path out of the package (sub -> /etc)', async () => {
    const passwdSize = (await readFile('/etc/passwd')).byteLength;
    const err = await tampered('linear-regression', {
      model: async (j, dir) => {
        await symlink('/etc', path.join(dir, 'sub'));
        j.weightsManifest[0].paths = ['sub/passwd'];
      },
    });
    expect(err.message).toMatch(/model\.json.*outside the package/);
    expect(err.message).not.toContain(String(passwdSize));
  });

  it('a weight file listed twice is refused before it is read', async () => {
    const err = await tampered('linear-regression', { model: (j) => void (j.weightsManifest[0].paths = ['weights.bin', 'weights.bin']) });
    expect(err.message).toMatch(/model\.json.*weights\.bin a second time/);
  });

  it('layer units beyond the cap are refused before the model is built', async () => {
    const err = await tampered('mlp-binary', { model: (j) => void (j.modelTopology.config.layers[0].config.units = 5000) });
    expect(err.message).toMatch(/model\.json: modelTopology\.config\.layers\[0\]\.config\.units is 5000.*MAX_LAYER_UNITS/);
  });

  it('an activation Regula does not use is refused', async () => {
    const err = await tampered('mlp-binary', { model: (j) => void (j.modelTopology.config.layers[0].config.activation = 'hardSigmoid') });
    expect(err.message).toMatch(/layers\[0\]\.config\.activation is "hardSigmoid"/);
  });

  it('an input shape that disagrees with the preprocessing is refused', async () => {
    const err = await tampered('mlp-binary', { model: (j) => void (j.modelTopology.config.layers[0].config.batch_input_shape = [null, 3]) });
    expect(err.message).toMatch(/batch_input_shape.*2 inputs/);
  });

  it('non-finite weights are refused, naming the weight', async () => {
    const err = await tampered('mlp-binary', { weights: (b) => b.writeFloatLE(Number.NaN, 4) });
    expect(err.message).toMatch(/model\.json: weight "hidden_1\/kernel" value 1 is NaN/);
  });

  it('a 3-class manifest on a 1-output model is refused', async () => {
    const err = await tampered('mlp-binary', {
      prep: (j) => {
        j.target.task = 'multiclass';
        j.target.classes = ['a', 'b', 'c'];
      },
    });
    expect(err.message).toMatch(/model\.json.*gives 1 outputs but the multiclass manifest needs 3/);
  });

  it('a scale (std) of 0 is refused', async () => {
    const err = await tampered('linear-regression', { prep: (j) => void (j.inputs[0].std = 0) });
    expect(err.message).toMatch(/preprocessing\.json: inputs\[0\]\.std is 0/);
  });

  it('a manifest from a newer Regula (schemaVersion 99) is refused', async () => {
    const err = await tampered('linear-regression', { prep: (j) => void (j.schemaVersion = 99) });
    expect(err.message).toMatch(/preprocessing\.json: schemaVersion is 99, written by a newer Regula/);
  });

  it('weights the layers do not have are refused, naming the weight', async () => {
    const err = await tampered('linear-regression', { model: (j) => void (j.weightsManifest[0].weights[0].name = 'stray/kernel') });
    expect(err.message).toMatch(/weight "stray\/kernel".*belongs to no layer/);
  });

  // A preprocessing manifest whose columns contradict its inputs used to load, and predict then
  // skipped every row with exit 0. Each is refused naming preprocessing.json and the field.
  const asCategory = (j: Json, categories: string[]) => Object.assign(j.columns[0], { kind: 'category', categories });
  it.each<[string, (j: Json) => void, RegExp]>([
    ['a column marked category while its input is numeric', (j) => asCategory(j, ['a']), /preprocessing\.json: inputs\[0\]\.kind is numeric but its column, columns\[0\] \("x1"\), is a category column/],
    ['a category column without its categories', (j) => void (j.columns[0].kind = 'category'), /preprocessing\.json: columns\[0\]\.categories is missing for column "x1", whose kind is category/],
    ['a one-hot input whose column is numeric', (j) => Object.assign(j.inputs[0], { kind: 'onehot', category: 'a' }), /preprocessing\.json: inputs\[0\]\.kind is onehot but its column, columns\[0\] \("x1"\), is numeric/],
    ['an input naming a column the manifest lacks', (j) => void (j.inputs[1].source = 'nope'), /preprocessing\.json: inputs\[1\]\.source names column "nope"/],
    ['categories listed for a numeric column', (j) => void (j.columns[1].categories = ['a', 'b']), /preprocessing\.json: columns\[1\]\.categories is given for column "x2", whose kind is numeric/],
    ['a one-hot input for a category its column does not list', (j) => {
      asCategory(j, ['a']);
      Object.assign(j.inputs[0], { kind: 'onehot', category: 'c' });
    }, /preprocessing\.json: inputs\[0\]\.category is "c", which columns\[0\]\.categories does not list/],
    ['a listed category without its input', (j) => {
      asCategory(j, ['a', 'b']);
      Object.assign(j.inputs[0], { kind: 'onehot', category: 'a' });
    }, /preprocessing\.json: columns\[0\] \(column "x1"\) has no one-hot input for its category "b"/],
    ['an "other" input its column does not keep', (j) => {
      asCategory(j, []);
      Object.assign(j.inputs[0], { kind: 'onehot', other: true });
    }, /preprocessing\.json: inputs\[0\]\.other is set but columns\[0\]\.hasOther is not/],
    ['a numeric column feeding no input', (j) => void j.columns.push({ name: 'x3', kind: 'numeric', missing: 'drop-rows' }), /preprocessing\.json: columns\[2\] \(column "x3"\) has no numeric input/],
    ['a numeric column filled with text', (j) => Object.assign(j.columns[0], { missing: 'mean', fill: 'x' }), /preprocessing\.json: columns\[0\]\.fill is "x" for numeric column "x1"/],
    ['a column listed twice', (j) => void j.columns.push({ ...j.columns[0] }), /preprocessing\.json: columns\[2\]\.name repeats column "x1"/],
    ['markers for a column the model does not have', (j) => void (j.missingMarkers = { perColumn: { nope: ['-999'] } }), /preprocessing\.json: missingMarkers\.perColumn names column "nope"/],
  ])('%s', async (_name, edit, message) => {
    const err = await tampered('mlp-binary', { prep: edit });
    expect(err.message).toMatch(message);
    expect(err.place.file).toMatch(/preprocessing\.json$/);
  });

  it('regula predict refuses such a package (bad-model, exit non-zero) instead of skipping every row', async () => {
    const dir = path.join(await tempDir('regula-tamper-'), 'model');
    await cp(fixtureModel('mlp-binary'), dir, { recursive: true });
    const prep = JSON.parse(await readFile(path.join(dir, 'preprocessing.json'), 'utf8')) as Json;
    Object.assign(prep.columns[0], { kind: 'category', categories: ['a'] });
    await writeFile(path.join(dir, 'preprocessing.json'), JSON.stringify(prep));
    const out = path.join(path.dirname(dir), 'p.csv');
    const { code, stdout, stderr } = await regula(['predict', engineFixture('binary.csv'), '--model', dir, '--out', out, '--json']);
    expect(code).not.toBe(0);
    const line = `${stdout}\n${stderr}`.split('\n').find((l) => l.startsWith('{"error"'));
    const { error } = JSON.parse(line ?? '{}') as { error: { code: string; message: string; file: string } };
    expect(error.code).toBe('bad-model');
    expect(error.file).toBe(path.join(dir, 'preprocessing.json'));
    expect(error.message).toMatch(/inputs\[0\]\.kind is numeric but its column/);
  }, 60_000);
});
