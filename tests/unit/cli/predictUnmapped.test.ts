// `regula predict --json` reports the cells a model could not use under `unmapped` (by column, row
// and text) and reads the new file with the training dataset's missing markers.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { fixturesDir, tempDir } from '../helpers';
import { regula } from './runCli';

const workflow = (name: string) => path.join(fixturesDir, 'workflow', name);

describe('regula predict --json', () => {
  it('lists unmapped cells and skips the rows whose category is unknown', async () => {
    const root = await tempDir();
    const projectDir = path.join(root, 'P');
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(projectDir, 'P');
    const dataset = await project.importDataset(workflow('codes_train.csv'), { missingMarkers: { markers: ['-999'] } });
    await project.setColumnType(dataset.id, 'code', 'category');
    const run = await (await project.startRun({ datasetId: dataset.id, target: 'y', features: ['x', 'code'], epochs: 500, preprocessing: { missing: 'mean', perFeature: {}, maxCategories: 20 } })).done;
    await project.close();

    const rows = Papa.parse<{ x: string; code: string }>(await readFile(workflow('codes_new.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data.filter((r) => r.code !== '40');
    rows[0]!.x = '-999';
    rows[2]!.x = 'n.a.';
    rows[4]!.code = '99';
    const file = path.join(root, 'new.csv');
    await writeFile(file, Papa.unparse(rows) + '\n');

    const out = path.join(root, 'out.csv');
    const { code, stdout, stderr } = await regula(['predict', file, '--model', path.join(projectDir, run.modelDir!), '--out', out, '--json']);
    expect(code, stderr).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.unmappedCount).toBe(2);
    expect(summary.unmapped).toEqual([
      { column: 'x', row: 3, value: 'n.a.', reason: 'not a number' },
      { column: 'code', row: 5, value: '99', reason: 'a category the model was not trained on' },
    ]);
    expect(summary.skipped.map((s: { row: number }) => s.row)).toEqual([5]);
    expect(summary.predicted).toBe(rows.length - 1);
  }, 120_000);
});
