// Predictions as files, the way an analyst gets them: rounded by default and the model's float
// values with --full-precision (the two agree within the rounding); a large file scored a block
// at a time with progress events in order and a complete output; a missing column or an unseen
// category named on every path (CLI, the page's run:predict, the engine).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import Papa from 'papaparse';
import * as XLSX from '@e965/xlsx';
import { beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/app/dispatch';
import { createHandlers } from '../../../electron/app/handlers';
import { Uploads } from '../../../electron/app/uploads';
import { createEngine } from '../../../electron/engine/index';
import { loadModelPackage } from '../../../electron/engine/export/loadModelPackage';
import { planFile, predictFile, PREDICT_CHUNK_ROWS, type Cell } from '../../../electron/engine/export/predict';
import { streamPredictions } from '../../../electron/engine/export/streamPredictions';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import type { EventOf } from '../../../shared/contract';
import { regula } from '../cli/runCli';
import { engineFixture, fixturesDir, tempDir } from '../helpers';

const models = path.join(fixturesDir, 'hostile', 'models');
const linearModel = path.join(models, 'linear-regression'); // inputs a, b, region (north/south/east)
const binaryModel = path.join(models, 'mlp-binary'); // inputs x1, x2; classes churn/stay

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function parseCsv(text: string): string[][] {
  const parsed = Papa.parse<string[]>(text.trimEnd(), { newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** Significant digits of a number as written in a file ("0.0012340" has 4: 1, 2, 3, 4). */
function significantDigits(text: string): number {
  const mantissa = text.replace(/^-/, '').split(/e/i)[0]!.replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
  return mantissa.length;
}

const decimals = (text: string) => (text.split('.')[1] ?? '').length;

describe('rounded by default, float values with --full-precision', () => {
  it('a regression prediction: 6 significant digits, within half a unit of the 6th of the float value', async () => {
    const dir = await tempDir();
    const rounded = path.join(dir, 'rounded.csv');
    const full = path.join(dir, 'full.csv');
    expect((await regula(['predict', engineFixture('linear.csv'), '--model', linearModel, '--out', rounded, '--quiet'])).code).toBe(0);
    expect((await regula(['predict', engineFixture('linear.csv'), '--model', linearModel, '--out', full, '--full-precision', '--quiet'])).code).toBe(0);
    const [head, ...r] = parseCsv(await readFile(rounded, 'utf8'));
    const [fullHead, ...f] = parseCsv(await readFile(full, 'utf8'));
    expect(fullHead).toEqual(head);
    const p = head!.indexOf('prediction');
    // The float values are the model's float32 outputs, as the engine computes them in-process.
    const pkg = await loadModelPackage(tf, linearModel);
    const reference = (await predictFile(tf, pkg, engineFixture('linear.csv'))).rows.map((row) => row[p] as number);
    pkg.model.dispose();
    let changed = 0;
    r.forEach((row, i) => {
      const fullRow = f[i]!;
      expect(row.slice(0, p)).toEqual(fullRow.slice(0, p)); // the analyst's own columns untouched
      const value = Number(row[p]);
      const exact = Number(fullRow[p]);
      expect(Math.fround(exact)).toBe(exact); // a float32 value, printed in full
      expect(exact).toBeCloseTo(reference[i]!, 4); // wasm in the CLI, cpu here: same model, same rows
      expect(significantDigits(row[p]!)).toBeLessThanOrEqual(6);
      const unit = 10 ** (Math.floor(Math.log10(Math.abs(exact))) - 5);
      expect(Math.abs(value - exact)).toBeLessThanOrEqual(unit / 2 + 1e-12 * Math.abs(exact));
      if (row[p] !== fullRow[p]) changed++;
    });
    expect(changed).toBeGreaterThan(r.length / 2); // float32 values rarely have 6 digits or fewer
  }, 120_000);

  it('a probability: 4 decimals within 0.00005; the predicted class is the same; stdout and .xlsx round the same way', async () => {
    const dir = await tempDir();
    const full = path.join(dir, 'full.csv');
    const xlsx = path.join(dir, 'rounded.xlsx');
    const stdout = await regula(['predict', engineFixture('binary.csv'), '--model', binaryModel, '--quiet']);
    expect(stdout.code).toBe(0);
    expect((await regula(['predict', engineFixture('binary.csv'), '--model', binaryModel, '--out', full, '--full-precision', '--quiet'])).code).toBe(0);
    expect((await regula(['predict', engineFixture('binary.csv'), '--model', binaryModel, '--out', xlsx, '--quiet'])).code).toBe(0);
    const [head, ...r] = parseCsv(stdout.stdout);
    const f = parseCsv(await readFile(full, 'utf8')).slice(1);
    const q = head!.indexOf('probability_stay');
    expect(q).toBeGreaterThan(0);
    let changed = 0;
    r.forEach((row, i) => {
      expect(row[q - 1]).toBe(f[i]![q - 1]); // the class
      expect(decimals(row[q]!)).toBeLessThanOrEqual(4);
      expect(Math.abs(Number(row[q]) - Number(f[i]![q]))).toBeLessThanOrEqual(0.00005 + 1e-12);
      if (row[q] !== f[i]![q]) changed++;
    });
    expect(changed).toBeGreaterThan(r.length / 2);
    const sheet = XLSX.read(await readFile(xlsx)).Sheets['Predictions']!;
    const cells = XLSX.utils.sheet_to_json<Cell[]>(sheet, { header: 1 }).slice(1);
    cells.forEach((row, i) => expect(row[q]).toBe(Number(r[i]![q])));
  }, 120_000);
});

/** A spreadsheet for the linear model: `rows` rows, categories it knows, one decimal place. */
async function largeFile(dir: string, rows: number): Promise<string> {
  const file = path.join(dir, 'large.csv');
  const regions = ['north', 'south', 'east'];
  const lines = ['a,b,noise,region'];
  for (let i = 0; i < rows; i++) lines.push(`${(i % 997) / 10},${((i * 7) % 613) / 10 - 30},0,${regions[i % 3]}`);
  await writeFile(file, lines.join('\n') + '\n');
  return file;
}

describe('a large file is scored a block at a time, with progress', () => {
  const rows = 12 * PREDICT_CHUNK_ROWS + 345;

  it('hands the writer one block at a time, none larger than a block, and the blocks make the whole file', async () => {
    const dir = await tempDir();
    const file = await largeFile(dir, rows);
    const pkg = await loadModelPackage(tf, linearModel);
    const plan = await planFile(tf, pkg, file);
    const blocks: number[] = [];
    const progress: [number, number][] = [];
    let lastA = -1;
    const result = await streamPredictions(
      plan,
      {
        write: async (block) => {
          blocks.push(block.length);
          // Rows arrive in file order, each with its own inputs.
          for (const row of block) {
            lastA++;
            expect(row[0]).toBe((lastA % 997) / 10);
          }
        },
      },
      { onProgress: (done, total) => progress.push([done, total]) },
    );
    pkg.model.dispose();
    expect(Math.max(...blocks)).toBeLessThanOrEqual(PREDICT_CHUNK_ROWS);
    expect(blocks.reduce((a, b) => a + b, 0)).toBe(rows);
    expect(blocks.length).toBe(13);
    expect(progress.map(([done]) => done)).toEqual(blocks.map((_, i) => blocks.slice(0, i + 1).reduce((a, b) => a + b, 0)));
    expect(progress.every(([, total]) => total === rows)).toBe(true);
    expect(result).toMatchObject({ rows, predicted: rows, skipped: [] });
  }, 120_000);

  it('regula predict --events: every row in the output, progress events on stderr in order', async () => {
    const dir = await tempDir();
    const file = await largeFile(dir, rows);
    const out = path.join(dir, 'large.predictions.csv');
    const { code, stderr } = await regula(['predict', file, '--model', linearModel, '--out', out, '--events']);
    expect(code).toBe(0);
    const events = stderr
      .split('\n')
      .filter((line) => line.startsWith('{"event"'))
      .map((line) => JSON.parse(line) as { event: string; payload: EventOf<'predict:progress'> });
    expect(new Set(events.map((e) => e.event))).toEqual(new Set(['predict:progress']));
    const phases = events.map((e) => e.payload.phase);
    expect(phases.indexOf('predicting')).toBeGreaterThan(phases.lastIndexOf('reading')); // reading, then predicting
    const predicting = events.filter((e) => e.payload.phase === 'predicting').map((e) => e.payload);
    for (let i = 1; i < predicting.length; i++) expect(predicting[i]!.rowsDone!).toBeGreaterThan(predicting[i - 1]!.rowsDone!);
    expect(predicting.at(-1)).toMatchObject({ fraction: 1, rowsDone: rows, rows });
    const lines = (await readFile(out, 'utf8')).split('\r\n');
    expect(lines.at(-1)).toBe(''); // ends with a line break
    expect(lines.length - 2).toBe(rows);
    expect(lines[rows]!.split(',')[0]).toBe(String(((rows - 1) % 997) / 10));
  }, 180_000);

  it('run:predict (the page) emits predict:progress in order and writes the whole file into the project', async () => {
    const root = await tempDir();
    const engine = createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });
    const uploads = new Uploads();
    const handlers = createHandlers({ engine, host: { mode: 'browser', projectsHome: path.join(root, 'home'), stateDir: path.join(root, 'state') }, version: 'test', uploads });
    const call = async (channel: string, payload: unknown = {}) => dispatch(handlers, channel, payload);
    const events: EventOf<'predict:progress'>[] = [];
    engine.events.on('predict:progress', (e) => events.push(e));
    try {
      expect(await call('project:create', { name: 'P' })).toMatchObject({ ok: true });
      const upload = async (name: string, bytes: Buffer) => {
        const { uploadId, chunkBytes } = await uploads.begin(name, bytes.length);
        for (let at = 0; at < bytes.length; at += chunkBytes) await uploads.write(uploadId, at, bytes.subarray(at, at + chunkBytes));
        return uploadId;
      };
      const imported = (await call('dataset:import', { uploadId: await upload('linear.csv', await readFile(engineFixture('linear.csv'))) })) as { ok: true; value: { id: string } };
      const started = (await call('run:start', { datasetId: imported.value.id, target: 'y', features: ['a', 'b', 'region'], epochs: 50 })) as { ok: true; value: { runId: string } };
      const { runId } = started.value;
      await new Promise<void>((resolve) => engine.events.on('training:finished', () => resolve()));

      const big = await readFile(await largeFile(root, rows));
      const reply = await call('run:predict', { runId, uploadId: await upload('large.csv', big) });
      expect(reply).toMatchObject({ ok: true, value: { rows, predicted: rows, fileName: 'large.predictions.csv' } });
      const predicting = events.filter((e) => e.phase === 'predicting');
      expect(events.every((e) => e.runId === runId && e.fileName === 'large.csv')).toBe(true);
      for (let i = 1; i < predicting.length; i++) expect(predicting[i]!.rowsDone!).toBeGreaterThan(predicting[i - 1]!.rowsDone!);
      expect(predicting.at(-1)).toMatchObject({ fraction: 1, rowsDone: rows, rows });

      // Missing columns and unseen categories, named on the page's path too.
      const missing = await call('run:predict', { runId, uploadId: await upload('other.csv', Buffer.from('a,region\n1,north\n')) });
      expect(missing).toMatchObject({ ok: false, error: { code: 'missing-column', column: 'b', file: 'other.csv' } });
      expect((missing as { error: { message: string } }).error.message).toContain('"b"');
      const unseen = await call('run:predict', { runId, uploadId: await upload('new.csv', Buffer.from('a,b,region\n1,2,north\n3,4,atlantis\n')) });
      expect(unseen).toMatchObject({
        ok: true,
        value: { predicted: 1, skipped: [{ row: 2, reason: '"region" holds "atlantis", a category the model was not trained on' }], unmapped: [{ column: 'region', row: 2, value: 'atlantis' }] },
      });
    } finally {
      await handlers.dispose();
    }
  }, 240_000);
});

describe('missing columns and unseen categories are named on the CLI', () => {
  it('a missing column: exit 1, the column and the file named', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'no-b.csv');
    await writeFile(file, 'a,region\n1,north\n');
    const { code, stderr, stdout } = await regula(['predict', file, '--model', linearModel]);
    expect(code).toBe(1);
    expect(stderr).toContain('The model needs column "b", which');
    expect(stderr).toContain('column: b');
    expect(stdout).toBe(''); // nothing half-written on stdout
  }, 60_000);

  it('an unseen category: the row is skipped with the column and the value named, in text and in --json', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'new.csv');
    await writeFile(file, 'a,b,region\n1,2,north\n3,4,atlantis\n');
    const text = await regula(['predict', file, '--model', linearModel, '--quiet']);
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('row 2 skipped: "region" holds "atlantis", a category the model was not trained on');
    const json = await regula(['predict', file, '--model', linearModel, '--out', path.join(dir, 'p.csv'), '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({ predicted: 1, unmappedCount: 1, unmapped: [{ column: 'region', row: 2, value: 'atlantis' }], fullPrecision: false });
  }, 60_000);
});
