// Predictions for a new file with a saved model package, and the package loader's refusals.
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { loadModelPackage } from '../../../electron/engine/export/loadModelPackage';
import { predictFile } from '../../../electron/engine/export/predict';
import { writeTable } from '../../../electron/engine/export/writeTable';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import type { RunRecord } from '../../../shared/domain';
import { engineFixture, tempDir } from '../helpers';

let modelDir = '';
let run: RunRecord;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const dir = path.join(await tempDir('regula-predict-'), 'P');
  const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
  const dataset = await project.importDataset(engineFixture('linear.csv'));
  const handle = await project.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b', 'region'], regularizer: { kind: 'l2', l2: 0.01 }, epochs: 500 });
  run = await handle.done;
  await project.close();
  // Keep the package outside the per-test temporary folders, which are removed after each test.
  modelDir = path.join(await mkdtemp(path.join(os.tmpdir(), 'regula-model-')), 'model');
  await cp(path.join(dir, run.modelDir!), modelDir, { recursive: true });
}, 120_000);

afterAll(async () => {
  await rm(path.dirname(modelDir), { recursive: true, force: true });
});

describe('predict with a model package', () => {
  it('encodes a new file exactly as training did', async () => {
    const pkg = await loadModelPackage(tf, modelDir);
    const result = await predictFile(tf, pkg, engineFixture('linear.csv'));
    expect(result.header).toEqual(['a', 'b', 'noise', 'region', 'y', 'prediction']);
    expect(result.predicted).toBe(240);
    // The prediction is the intercept plus the reported coefficients on the reported scaling.
    const features = run.features!;
    const coef = new Map(run.coefficients!.map((c) => [c.feature, c.value]));
    for (const row of result.rows.slice(0, 20)) {
      const [a, b, , region] = row as [number, number, number, string];
      const raw: Record<string, number> = { a, b };
      let expected = run.intercept as number;
      for (const f of features) {
        const value = f.name.startsWith('region=') ? (f.name === `region=${region}` ? 1 : 0) : raw[f.name]!;
        expected += coef.get(f.name)! * ((value - f.mean) / f.std);
      }
      expect(row[5] as number).toBeCloseTo(expected, 3);
    }
    pkg.model.dispose();
  });

  it('names a column the new file lacks', async () => {
    const pkg = await loadModelPackage(tf, modelDir);
    await expect(predictFile(tf, pkg, engineFixture('binary.csv'))).rejects.toThrow(/needs column "a", which .*binary\.csv does not have/);
    pkg.model.dispose();
  });

  it('refuses packages whose weights leave the folder, are links, mis-sized, or use unknown layers', async () => {
    const tamper = async (edit: (json: Record<string, unknown>, dir: string) => Promise<void> | void) => {
      const dir = path.join(await tempDir('regula-bad-'), 'model');
      await cp(modelDir, dir, { recursive: true });
      const json = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8'));
      await edit(json, dir);
      await writeFile(path.join(dir, 'model.json'), JSON.stringify(json));
      return loadModelPackage(tf, dir);
    };
    await expect(tamper((j) => void ((j.weightsManifest as { paths: string[] }[])[0]!.paths = ['../../etc/passwd']))).rejects.toThrow(/outside its folder/);
    await expect(tamper((j) => void ((j.weightsManifest as { paths: string[] }[])[0]!.paths = ['/etc/passwd']))).rejects.toThrow(/outside its folder/);
    await expect(
      tamper(async (j, dir) => {
        await symlink(path.join(dir, 'weights.bin'), path.join(dir, 'link.bin'));
        (j.weightsManifest as { paths: string[] }[])[0]!.paths = ['link.bin'];
      }),
    ).rejects.toThrow(/links are refused/);
    await expect(
      tamper((j) => void ((j.weightsManifest as { weights: { shape: number[] }[] }[])[0]!.weights[0]!.shape = [9999, 1])),
    ).rejects.toThrow(/declares/);
    await expect(
      tamper((j) => void ((j.modelTopology as { config: { layers: { class_name: string }[] } }).config.layers[0]!.class_name = 'Lambda')),
    ).rejects.toThrow(/layer of type Lambda/);
  });
});

describe('writing predictions', () => {
  it('neutralizes formula-like text and keeps numbers as numbers', async () => {
    const file = path.join(await tempDir(), 'out.csv');
    await writeTable(file, ['name', 'value'], [
      ['=HYPERLINK("http://x","y")', -3.5],
      ['+1 555', 2],
      ['@SUM(A1)', null],
      ['\tindent', 0],
      ['-minus text', -1],
      ['plain', 4],
    ]);
    const lines = (await readFile(file, 'utf8')).trim().split('\r\n');
    expect(lines).toEqual([
      'name,value',
      `"'=HYPERLINK(""http://x"",""y"")",-3.5`,
      `'+1 555,2`,
      `'@SUM(A1),`,
      `'\tindent,0`,
      `'-minus text,-1`,
      'plain,4',
    ]);
  });
});
