// At predict time a column is read as the model's preprocessing read it: region codes 10/20/30
// that were a category in training stay a category in a new file where they look like numbers
// (before, every one-hot input became 0 without a word), and a code the model never saw is
// reported by column and row. The expected predictions are computed here from the run's own
// coefficients and scaling, independently of the predict code.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { fixturesDir, tempDir } from '../helpers';

const workflow = (name: string) => path.join(fixturesDir, 'workflow', name);

describe('predict follows the model\'s column types', () => {
  it('keeps numeric-looking category codes as categories and reports unseen codes', async () => {
    const expected = JSON.parse(await readFile(workflow('expected.json'), 'utf8')).codes as { newRows: number; unseenRows: number[]; unseenValue: string };
    const dir = path.join(await tempDir(), 'P');
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const dataset = await project.importDataset(workflow('codes_train.csv'));
    expect(dataset.columns.find((c) => c.name === 'code')!.type).toBe('integer');
    await project.setColumnType(dataset.id, 'code', 'category');
    const run = await (await project.startRun({ datasetId: dataset.id, target: 'y', features: ['x', 'code'], epochs: 2000, valSplit: 0.2 })).done;
    expect(run.status).toBe('completed');

    const result = await project.predict(run.id, workflow('codes_new.csv'));
    await project.close();

    expect(result.unmappedCount).toBe(expected.unseenRows.length);
    expect(result.unmapped).toEqual(expected.unseenRows.map((row) => ({ column: 'code', row, value: expected.unseenValue, reason: 'a category the model was not trained on' })));
    expect(result.skipped.map((s) => s.row)).toEqual(expected.unseenRows);
    expect(result.predicted).toBe(expected.newRows - expected.unseenRows.length);

    // prediction = intercept + Σ coefficient · (input − mean) / std, over the model's inputs.
    const coefficient = new Map(run.coefficients!.map((c) => [c.feature, c.value]));
    const intercept = run.intercept as number;
    const newRows = Papa.parse<{ x: string; code: string }>(await readFile(workflow('codes_new.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const predictionColumn = result.header.indexOf('prediction');
    newRows.forEach((input, i) => {
      if (expected.unseenRows.includes(i + 1)) {
        expect(result.rows[i]![predictionColumn]).toBeNull();
        return;
      }
      let want = intercept;
      for (const f of run.features!) {
        const raw = f.name === 'x' ? Number(input.x) : f.name === `code=${input.code}` ? 1 : 0;
        want += coefficient.get(f.name)! * ((raw - f.mean) / f.std);
      }
      expect(result.rows[i]![predictionColumn] as number).toBeCloseTo(want, 3);
    });
  }, 120_000);
});
