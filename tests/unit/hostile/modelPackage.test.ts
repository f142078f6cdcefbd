// Tampered model packages: each must be refused with a `bad-model` error that names the file and
// the field, before anything is read from outside the package or allocated from its sizes.
import { cp, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModelPackage } from '../../../electron/engine/export/loadModelPackage';
import { predictFile } from '../../../electron/engine/export/predict';
import { RegulaError } from '../../../electron/engine/errors';
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
});
