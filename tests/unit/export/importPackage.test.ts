// Importing a model package into a project: a real export comes back and predicts exactly what the
// run predicts; tampered packages (path traversal, wrong sizes, absurd shapes, missing
// preprocessing, links, zip-slip, newer schema) are refused with a message saying why, and
// nothing is left in the project.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, symlink, truncate, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, exportRunPackage, importModelPackage } from '../../../electron/engine/index';
import { loadModelPackage } from '../../../electron/engine/export/loadModelPackage';
import { predictFile } from '../../../electron/engine/export/predict';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import type { RunRecord } from '../../../shared/domain';
import { engineFixture } from '../helpers';

let root = '';
let projectDir = '';
let pkgDir = '';
let zipFile = '';
let run: RunRecord;

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(path.join(os.tmpdir(), 'regula-import-'));
  const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(path.join(root, 'P'), 'P');
  projectDir = project.dir;
  try {
    const dataset = await project.importDataset(engineFixture('missing.csv'));
    run = await (
      await project.startRun({ datasetId: dataset.id, target: 'klass', features: ['u', 'v', 'shop'], regularizer: { kind: 'l1', l1: 0.01 }, epochs: 300, preprocessing: { missing: 'median' } })
    ).done;
  } finally {
    await project.close();
  }
  expect(run.status).toBe('completed');
  pkgDir = path.join(root, 'pkg');
  zipFile = path.join(root, 'pkg.zip');
  await exportRunPackage({ projectDir, runId: run.id, out: pkgDir, formats: 'all', regulaVersion: 'test' });
  await exportRunPackage({ projectDir, runId: run.id, out: zipFile, formats: ['tfjs'], zip: true, regulaVersion: 'test' });
}, 300_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

async function predictions(modelDir: string) {
  const pkg = await loadModelPackage(tf, modelDir);
  try {
    return (await predictFile(tf, pkg, engineFixture('missing.csv'))).rows;
  } finally {
    pkg.model.dispose();
  }
}

/** A copy of the package changed by `edit`; with `reseal`, manifest.json is made to match again. */
async function tampered(edit: (dir: string) => Promise<void>, reseal = true): Promise<string> {
  const dir = await mkdtemp(path.join(root, 'bad-'));
  await cp(pkgDir, dir, { recursive: true });
  await edit(dir);
  if (reseal) {
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.files = manifest.files
      .filter((f: { path: string }) => existsSync(path.join(dir, f.path)))
      .map(async (f: { path: string }) => {
        const data = await readFile(path.join(dir, f.path));
        return { path: f.path, bytes: data.byteLength, sha256: createHash('sha256').update(data).digest('hex') };
      });
    manifest.files = await Promise.all(manifest.files);
    await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  }
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a test edits arbitrary JSON on purpose
async function editJson(file: string, edit: (json: any) => void): Promise<void> {
  const json = JSON.parse(await readFile(file, 'utf8'));
  edit(json);
  await writeFile(file, JSON.stringify(json));
}

describe('importing a model package', () => {
  it('brings an exported folder and zip back; the imported model predicts what the run predicts', async () => {
    const expected = await predictions(path.join(projectDir, run.modelDir!));
    for (const source of [pkgDir, zipFile]) {
      const imported = await importModelPackage(projectDir, source);
      expect(imported.sourceRunId).toBe(run.id);
      expect(imported.task).toBe('multiclass');
      expect(await predictions(imported.modelDir)).toEqual(expected);
    }
  });

  it('refuses tampered packages with a clear message and leaves the project unchanged', async () => {
    const before = await readdir(path.join(projectDir, 'models'));
    const refusals: [string, () => Promise<string>, RegExp][] = [
      ['weights path traversal', () => tampered((d) => editJson(path.join(d, 'tfjs/model.json'), (j) => (j.weightsManifest[0].paths = ['../../../../etc/passwd']))), /outside its folder/],
      ['absolute weights path', () => tampered((d) => editJson(path.join(d, 'tfjs/model.json'), (j) => (j.weightsManifest[0].paths = ['/etc/passwd']))), /outside its folder/],
      ['weights shorter than declared', () => tampered((d) => truncate(path.join(d, 'tfjs/weights.bin'), 8)), /hold 8 bytes but its (weights )?manifest declares/],
      ['size differs from the package manifest', () => tampered((d) => truncate(path.join(d, 'tfjs/weights.bin'), 8), false), /weights\.bin holds 8 bytes but the manifest declares/],
      ['content changed after export', () => tampered((d) => writeFile(path.join(d, 'metrics.csv'), 'split,metric,value\r\ntrain,accuracy,1.0000\r\n'), false), /metrics\.csv .*(declares|SHA-256)/],
      ['absurd shape', () => tampered((d) => editJson(path.join(d, 'tfjs/model.json'), (j) => (j.weightsManifest[0].weights[0].shape = [100_000_000, 100]))), /more than Regula loads|shape|bytes/],
      ['missing preprocessing', () => tampered((d) => unlink(path.join(d, 'preprocessing.json'))), /preprocessing\.json is missing/],
      ['preprocessing that does not fit the model', () => tampered((d) => editJson(path.join(d, 'preprocessing.json'), (j) => j.inputs.pop())), /takes \d+ inputs but preprocessing\.json describes \d+|preprocessing manifest gives \d+ inputs|preprocessing\.json: columns\[\d+\] \(column "\w+"\) has no (one-hot|numeric) input/],
      ['manifest naming a file outside', () => tampered((d) => editJson(path.join(d, 'manifest.json'), (j) => j.files.push({ path: '../P/project.json', bytes: 1, sha256: '0'.repeat(64) })), false), /outside the package or with an unsafe name/],
      ['a symlinked file', () => tampered(async (d) => { await unlink(path.join(d, 'model-card.md')); await symlink('/etc/hostname', path.join(d, 'model-card.md')); }), /links are refused/],
      ['a newer package schema', () => tampered((d) => editJson(path.join(d, 'manifest.json'), (j) => (j.schemaVersion = 99)), false), /newer Regula/],
      ['no manifest', () => tampered((d) => unlink(path.join(d, 'manifest.json')), false), /manifest\.json is missing/],
    ];
    for (const [name, make, message] of refusals) {
      const source = await make();
      await expect(importModelPackage(projectDir, source), name).rejects.toThrow(message);
    }
    expect(await readdir(path.join(projectDir, 'models'))).toEqual(before);
  });

  it('refuses a zip whose entries would land outside the destination (zip-slip)', async () => {
    const manifest = JSON.stringify({ format: 'regula.model-package', schemaVersion: 1, files: [] });
    for (const evil of ['../evil.txt', '/abs/evil.txt', 'tfjs/../../evil.txt', 'C:\\evil.txt']) {
      const file = path.join(root, `slip-${evil.length}.zip`);
      await writeFile(file, zipSync({ 'manifest.json': strToU8(manifest), [evil]: strToU8('owned') }));
      await expect(importModelPackage(projectDir, file), evil).rejects.toThrow(/unsafe path/);
    }
    expect(existsSync(path.join(root, 'evil.txt'))).toBe(false);
    expect(existsSync(path.join(projectDir, 'evil.txt'))).toBe(false);
  });
});
