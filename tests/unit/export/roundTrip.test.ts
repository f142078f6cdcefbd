// Train → export → load each format with its own tool in its own process → the same predictions
// as Regula on rows held out of training. One linear, one logistic, one softmax and one dense run.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, exportRunPackage } from '../../../electron/engine/index';
import { loadModelPackage } from '../../../electron/engine/export/loadModelPackage';
import { predictFile } from '../../../electron/engine/export/predict';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { layerPenalties } from '../../../electron/engine/train/penalty';
import type { RunRecord, RunSpecInput } from '../../../shared/domain';
import { engineFixture } from '../helpers';
import { missingPythonModules, near, recalculateWithLibreOffice, runNode, runPython, sofficePath } from './toolchain';
// @ts-expect-error plain JS helper shared with the child processes
import { encodeRaw, readCsvRows } from './tools/encodeRows.mjs';

interface Case {
  name: string;
  fixture: string;
  spec: Omit<RunSpecInput, 'datasetId'>;
  /** Rewrites held-out rows, e.g. to include a category never seen in training. */
  heldOutEdit?: (line: string, i: number) => string;
}

const HELD_OUT = 40;
const cases: Case[] = [
  { name: 'linear regression', fixture: 'linear.csv', spec: { target: 'y', features: ['a', 'b', 'noise', 'region'], regularizer: { kind: 'l1', l1: 0.05 }, epochs: 500 } },
  { name: 'logistic', fixture: 'binary.csv', spec: { target: 'label', features: ['x1', 'x2'], regularizer: { kind: 'l2', l2: 0.01 }, epochs: 500 } },
  {
    name: 'softmax 3-class',
    fixture: 'missing.csv',
    spec: { target: 'klass', features: ['u', 'v', 'shop'], regularizer: { kind: 'l1l2', l1: 0.005, l2: 0.01 }, epochs: 500, preprocessing: { missing: 'median', maxCategories: 2 } },
    // A shop never seen in training and an empty shop cell (filled) among the held-out rows.
    heldOutEdit: (line, i) => (i === 3 ? line.replace(/^([^,]*,[^,]*,)[^,]*/, '$1Zed') : i === 5 ? line.replace(/^([^,]*,[^,]*,)[^,]*/, '$1') : line),
  },
  {
    name: 'dense network',
    fixture: 'linear.csv',
    spec: {
      target: 'y',
      features: ['a', 'b', 'noise', 'region'],
      model: {
        kind: 'mlp',
        layers: [
          { units: 8, activation: 'tanh', dropout: 0.1, biasRegularizer: { kind: 'l2', l2: 0.001 } },
          { units: 4, activation: 'relu', kernelRegularizer: { kind: 'l1', l1: 0.002 }, activityRegularizer: { kind: 'l2', l2: 0.0001 } },
        ],
      },
      regularizer: { kind: 'l1l2', l1: 0.001, l2: 0.003 },
      epochs: 40,
    },
  },
];

interface Trained {
  c: Case;
  run: RunRecord;
  modelDir: string;
  pkgDir: string;
  heldOut: string;
  /** Regula's own predictions on the held-out rows: scored row indices and output vectors. */
  regula: { scored: number[]; outputs: number[][] };
  /** Raw-encoded inputs of the scored rows (preprocessing.json steps 1–2). */
  raw: number[][];
}

let root = '';
const trained: Trained[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  root = await mkdtemp(path.join(os.tmpdir(), 'regula-export-'));
  const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(path.join(root, 'P'), 'P');
  try {
    for (const [i, c] of cases.entries()) {
      const [header, ...lines] = (await readFile(engineFixture(c.fixture), 'utf8')).trim().split(/\r?\n/);
      const trainFile = path.join(root, `train-${i}.csv`);
      const heldOut = path.join(root, `heldout-${i}.csv`);
      await writeFile(trainFile, [header, ...lines.slice(0, -HELD_OUT)].join('\n') + '\n');
      await writeFile(heldOut, [header, ...lines.slice(-HELD_OUT).map((l, j) => c.heldOutEdit?.(l, j) ?? l)].join('\n') + '\n');
      const dataset = await project.importDataset(trainFile);
      const run = await (await project.startRun({ ...c.spec, datasetId: dataset.id } as RunSpecInput)).done;
      expect(run.status, `${c.name}: ${run.error ?? ''}`).toBe('completed');
      const pkgDir = path.join(root, `pkg-${i}`);
      await exportRunPackage({ projectDir: project.dir, runId: run.id, out: pkgDir, formats: 'all', regulaVersion: 'test' });
      trained.push({ c, run, modelDir: path.join(project.dir, run.modelDir!), pkgDir, heldOut, regula: { scored: [], outputs: [] }, raw: [] });
    }
  } finally {
    await project.close();
  }
  for (const t of trained) {
    const pkg = await loadModelPackage(tf, t.modelDir);
    const result = await predictFile(tf, pkg, t.heldOut);
    pkg.model.dispose();
    const classes = pkg.manifest.target.classes;
    const first = result.header.indexOf('prediction');
    result.rows.forEach((row, i) => {
      if (row[first] === null) return;
      t.regula.scored.push(i);
      const numbers = (classes ? row.slice(first + 1) : row.slice(first, first + 1)) as number[];
      t.regula.outputs.push(numbers);
    });
    const prep = JSON.parse(await readFile(path.join(t.pkgDir, 'preprocessing.json'), 'utf8'));
    const encoded = encodeRaw(prep, readCsvRows(await readFile(t.heldOut, 'utf8'))) as { scored: number[]; x: number[][] };
    expect(encoded.scored).toEqual(t.regula.scored);
    t.raw = encoded.x;
  }
}, 900_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

function expectSame(name: string, actual: number[][], expected: number[][], tol: number) {
  expect(actual.length, name).toBe(expected.length);
  actual.forEach((row, i) => {
    expect(row.length, `${name} row ${i}`).toBe(expected[i]!.length);
    row.forEach((v, j) => expect(near(v, expected[i]![j]!, tol), `${name} row ${i} output ${j}: ${v} vs ${expected[i]![j]}`).toBe(true));
  });
}

describe.each(cases.map((c, i) => [c.name, i] as const))('export of a %s run', (_name, index) => {
  const t = () => trained[index]!;

  it('loads in plain @tensorflow/tfjs with preprocessing.json and predicts what Regula predicts', async () => {
    const out = (await runNode('tfjsScore.mjs', [t().pkgDir, t().heldOut])) as { scored: number[]; outputs: number[][] };
    expect(out.scored).toEqual(t().regula.scored);
    expectSame('tfjs', out.outputs, t().regula.outputs, 1e-5);
  });

  it('runs in onnxruntime-node with the standardization inside the graph', async () => {
    const out = (await runNode('onnxScore.mjs', [t().pkgDir, t().heldOut])) as { scored: number[]; outputs: Record<string, number[][]>; inputNames: string[] };
    expect(out.inputNames).toEqual(['features']);
    const task = t().run.task!;
    const got = task === 'regression' ? out.outputs.prediction! : task === 'binary' ? out.outputs.probability! : out.outputs.probabilities!;
    expectSame('onnx', got, t().regula.outputs, 1e-5);
    if (task === 'binary') expectSame('onnx both classes', out.outputs.probabilities!.map((p) => [p[0]! + p[1]!]), got.map(() => [1]), 1e-6);
  });

  it('reads back from .h5 and .keras with h5py: names, shapes, values, regularizers, NumPy forward pass', async (ctx) => {
    const missing = await missingPythonModules(['h5py', 'numpy']);
    if (missing) ctx.skip(`needs h5py: ${missing}`);
    const inputs = path.join(root, `inputs-${index}.json`);
    await writeFile(inputs, JSON.stringify(t().raw));
    type Layer = { class_name: string; name: string; units?: number; kernel_shape?: number[]; kernel?: number[]; bias?: number[]; kernel_dtype?: string } & Record<string, unknown>;
    const report = JSON.parse(await runPython('keras_read.py', [t().pkgDir, inputs])) as {
      h5: { layer_names: string[]; layers: Layer[]; predictions: number[][] };
      keras: { files: string[]; class_name: string; paths: string[]; layers: Layer[]; predictions: number[][]; metadata: { keras_version: string } };
    };
    // What the run's TF.js model holds, read with tfjs in this process.
    const pkg = await loadModelPackage(tf, t().modelDir);
    const dense = pkg.model.layers.filter((l) => l.getClassName() === 'Dense');
    const penalties = layerPenalties(t().run.spec);
    const regularizer = (p: { lambda1: number; lambda2: number }) =>
      p.lambda1 > 0 && p.lambda2 > 0 ? ['L1L2', { l1: p.lambda1, l2: p.lambda2 }] : p.lambda1 > 0 ? ['L1', { l1: p.lambda1 }] : p.lambda2 > 0 ? ['L2', { l2: p.lambda2 }] : null;
    expect(report.keras.files).toEqual(['config.json', 'metadata.json', 'model.weights.h5']);
    expect(report.keras.class_name).toBe('Sequential');
    expect(report.keras.metadata.keras_version).toMatch(/^3\./);
    for (const file of [report.h5, report.keras]) {
      const fileDense = file.layers.filter((l) => l.class_name === 'Dense');
      expect(file.layers[0]!.class_name).toBe('Normalization');
      expect(fileDense.map((l) => l.name)).toEqual(dense.map((l) => l.name));
      dense.forEach((layer, k) => {
        const [kernel, bias] = layer.getWeights();
        const l = fileDense[k]!;
        expect(l.kernel_shape).toEqual(kernel!.shape);
        expect(l.kernel_dtype).toBe('float32');
        expect(l.kernel).toEqual(Array.from(kernel!.dataSync()));
        expect(l.bias).toEqual(Array.from(bias!.dataSync()));
        for (const [key, p] of [['kernel_regularizer', penalties[k]!.kernel], ['bias_regularizer', penalties[k]!.bias], ['activity_regularizer', penalties[k]!.activity]] as const) {
          const expected = regularizer(p);
          const actual = l[key] as { class_name: string; config: unknown } | null;
          if (!expected) expect(actual, `${l.name} ${key}`).toBeNull();
          else expect([actual?.class_name, actual?.config], `${l.name} ${key}`).toEqual(expected);
        }
      });
      expectSame(`NumPy forward pass (${file === report.h5 ? 'h5' : 'keras'})`, file.predictions, t().regula.outputs, 1e-5);
    }
    expect(report.h5.layer_names).toEqual(report.h5.layers.map((l) => l.name));
    expect(report.keras.paths[0]).toBe('layers/normalization/vars');
    pkg.model.dispose();
  });

  it('Excel workbook recomputed by LibreOffice equals the model to 1e-9 (linear models)', async (ctx) => {
    const run = t().run;
    const files = JSON.parse(await readFile(path.join(t().pkgDir, 'manifest.json'), 'utf8')).files.map((f: { path: string }) => f.path);
    if (run.spec.model.kind !== 'linear') {
      expect(files).not.toContain('scoring.xlsx');
      return;
    }
    expect(files).toContain('scoring.xlsx');
    const missing = (await missingPythonModules(['openpyxl'])) ?? (sofficePath() ? null : 'LibreOffice (soffice) is not installed');
    if (missing) ctx.skip(`needs LibreOffice and openpyxl: ${missing}`);
    const work = path.join(root, `xlsx-${index}`);
    const rows = path.join(root, `rows-${index}.json`);
    await writeFile(rows, JSON.stringify(readCsvRows(await readFile(t().heldOut, 'utf8'))));
    await runPython('xlsx_fill.py', [path.join(t().pkgDir, 'scoring.xlsx'), rows, path.join(root, `filled-${index}.xlsx`)]);
    const recalculated = await recalculateWithLibreOffice(path.join(root, `filled-${index}.xlsx`), work);
    const sheet = JSON.parse(await runPython('xlsx_values.py', [recalculated, String(HELD_OUT)])) as { header: string[]; rows: (number | string | null)[][] };

    // The exact arithmetic of the shipped model in float64: its float32 weights on the raw rows.
    const modelJson = JSON.parse(await readFile(path.join(t().pkgDir, 'tfjs', 'model.json'), 'utf8'));
    const bin = await readFile(path.join(t().pkgDir, 'tfjs', 'weights.bin'));
    const weights = new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4);
    const prep = JSON.parse(await readFile(path.join(t().pkgDir, 'preprocessing.json'), 'utf8'));
    const [kernelSpec] = modelJson.weightsManifest[0].weights as { shape: number[] }[];
    const [d, k] = kernelSpec!.shape as [number, number];
    const exact = t().raw.map((x) => {
      const z = Array.from({ length: k }, (_, o) => weights[d * k + o]! + x.reduce((s, v, j) => s + weights[j * k + o]! * ((v - prep.inputs[j].mean) / prep.inputs[j].std), 0));
      if (run.task === 'regression') return z;
      if (run.task === 'binary') return [1 / (1 + Math.exp(-z[0]!))];
      const max = Math.max(...z);
      const e = z.map((v) => Math.exp(v - max));
      const sum = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / sum);
    });
    // Regula's float32 predictions are that arithmetic to float32 precision …
    expectSame('Regula vs float64 model', t().regula.outputs, exact, 1e-5);
    // … and the spreadsheet's formulas are it to 1e-9 relative.
    const cols =
      run.task === 'regression'
        ? [sheet.header.indexOf('prediction')]
        : run.task === 'binary'
          ? [sheet.header.indexOf(`probability_${run.classes![1]}`)]
          : run.classes!.map((c) => sheet.header.indexOf(`probability_${c}`));
    expect(cols.every((c) => c >= 0)).toBe(true);
    const scored = sheet.rows.map((r, i) => [i, r] as const).filter(([, r]) => r[cols[0]!] !== null && r[cols[0]!] !== '');
    expect(scored.map(([i]) => i)).toEqual(t().regula.scored);
    const fromSheet = scored.map(([, r]) => cols.map((c) => r[c] as number));
    fromSheet.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - exact[i]![j]!) <= 1e-9 * Math.abs(exact[i]![j]!), `row ${i}: ${v} vs ${exact[i]![j]}`).toBe(true)));
    if (run.task !== 'regression') {
      const predicted = sheet.header.indexOf('predicted class');
      const regula = await predictClasses(t());
      expect(scored.map(([, r]) => r[predicted])).toEqual(regula);
    }
  }, 300_000);
});

async function predictClasses(t: Trained): Promise<string[]> {
  const pkg = await loadModelPackage(tf, t.modelDir);
  const result = await predictFile(tf, pkg, t.heldOut);
  pkg.model.dispose();
  const col = result.header.indexOf('prediction');
  return result.rows.map((r) => r[col]).filter((v): v is string => typeof v === 'string');
}

// Keep a copy of one package for manual inspection when REGULA_KEEP_EXPORT is set.
afterAll(async () => {
  if (process.env.REGULA_KEEP_EXPORT && trained[0]) await cp(trained[0].pkgDir, process.env.REGULA_KEEP_EXPORT, { recursive: true });
});
