// At predict a new file is read with the training dataset's own missing markers (here "-999"), and
// every cell the model cannot use is reported by column and row with its text: a word in a number
// column, a word among numeric-looking category codes. Expected predictions are computed here from
// the run's coefficients and the saved fill values, independently of the predict code.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { fixturesDir, tempDir } from '../helpers';

const workflow = (name: string) => path.join(fixturesDir, 'workflow', name);

describe('predict reads a new file as the training data was read', () => {
  it('applies the training markers and reports unreadable numbers and unseen codes by row', async () => {
    const root = await tempDir();
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(path.join(root, 'P'), 'P');
    const dataset = await project.importDataset(workflow('codes_train.csv'), { missingMarkers: { markers: ['-999'] } });
    await project.setColumnType(dataset.id, 'code', 'category');
    const run = await (
      await project.startRun({ datasetId: dataset.id, target: 'y', features: ['x', 'code'], epochs: 2000, valSplit: 0.2, preprocessing: { missing: 'mean', perFeature: {}, maxCategories: 20 } })
    ).done;
    expect(run.status).toBe('completed');

    // A new file: row 2 holds the marker, row 4 a word in x, row 6 a word among the codes.
    const rows = Papa.parse<{ x: string; code: string }>(await readFile(workflow('codes_new.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const known = new Set(['10', '20', '30']);
    // Enough rows that one word among the numbers leaves x a number column (the reader's 90% rule).
    const inputs = rows.filter((r) => known.has(r.code));
    expect(inputs.length).toBeGreaterThan(20);
    inputs[1]!.x = '-999';
    inputs[3]!.x = 'abc';
    inputs[5]!.code = 'X';
    const file = path.join(root, 'new.csv');
    await writeFile(file, Papa.unparse(inputs) + '\n');

    const result = await project.predict(run.id, file);
    expect(result.unmapped).toEqual([
      { column: 'x', row: 4, value: 'abc', reason: 'not a number' },
      { column: 'code', row: 6, value: 'X', reason: 'a category the model was not trained on' },
    ]);
    expect(result.unmappedCount).toBe(2);
    expect(result.skipped.map((s) => s.row)).toEqual([6]);

    const manifest = JSON.parse(await readFile(path.join(root, 'P', run.modelDir!, 'preprocessing.json'), 'utf8'));
    expect(manifest.missingMarkers.perColumn.x).toEqual(['', '-999']);
    const fill = manifest.columns.find((c: { name: string }) => c.name === 'x').fill as number;
    const coefficient = new Map(run.coefficients!.map((c) => [c.feature, c.value]));
    const prediction = result.header.indexOf('prediction');
    inputs.forEach((input, i) => {
      if (i === 5) return expect(result.rows[i]![prediction]).toBeNull();
      // "-999" and "abc" are missing, so x takes the training mean; never x = -999.
      const x = i === 1 || i === 3 ? fill : Number(input.x);
      let want = run.intercept as number;
      for (const f of run.features!) want += coefficient.get(f.name)! * (((f.name === 'x' ? x : f.name === `code=${input.code}` ? 1 : 0) - f.mean) / f.std);
      expect(result.rows[i]![prediction] as number).toBeCloseTo(want, 3);
    });
    await project.close();
  }, 120_000);
});
