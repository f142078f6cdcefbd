// Data honesty at import: "None" is a category where it is one (Cars93's AirBags), the markers in
// force are reported per column and can be changed, and constant or identifier-like columns are
// flagged with a reason and never offered as the target. Expected numbers come from R and pandas
// (tests/fixtures/make_workflow_fixtures.py).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTable } from '../../../electron/engine/data/importTable';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { fixturesDir, tempDir } from '../helpers';

const workflow = (name: string) => path.join(fixturesDir, 'workflow', name);
const expected = JSON.parse(await readFile(workflow('expected.json'), 'utf8')) as {
  cars93: { rows: number; airbags: Record<string, number>; airbagsMissing: number };
  codes: { constantColumns: string[] };
};

describe('missing-value markers', () => {
  it('keeps "None" as a category when a text column has other values (Cars93 AirBags)', async () => {
    const { columns, warnings, table } = await importTable(workflow('cars93.csv'));
    expect(table.rowCount).toBe(expected.cars93.rows);
    const airbags = columns.find((c) => c.name === 'AirBags')!;
    expect(airbags.type).toBe('category');
    expect(airbags.missing).toBe(expected.cars93.airbagsMissing);
    const counts = Object.fromEntries((airbags.top ?? []).map((t) => [t.value, t.count]));
    expect(counts).toEqual(expected.cars93.airbags);
    // The markers in force are reported per column: "none" is not one for AirBags, but still is for
    // a numeric column such as Luggage.room (R wrote NA there).
    expect(airbags.missingMarkers).not.toContain('none');
    expect(airbags.missingMarkers).toContain('na');
    expect(columns.find((c) => c.name === 'Luggage.room')!.missingMarkers).toContain('none');
    expect(warnings.some((w) => w.includes('"AirBags"') && w.includes('None'))).toBe(true);
  });

  it('still reads "None" as missing in a column that holds nothing else', async () => {
    const file = path.join(await tempDir(), 'nones.csv');
    await writeFile(file, 'a,b,c\n1,None,x\n2,none,y\n3,,x\n4,None,y\n');
    const { columns } = await importTable(file);
    expect(columns.find((c) => c.name === 'b')).toMatchObject({ missing: 4, unique: 0 });
    expect(columns.find((c) => c.name === 'b')!.exclusion?.reason).toBe('all-missing');
  });

  it('takes the analyst\'s markers per column, and a re-parse with them replaces the dataset', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const first = await project.importDataset(workflow('cars93.csv'));
    const changed = await project.reimportDataset(first.id, { missingMarkers: { perColumn: { AirBags: ['None', 'NA'] } } });
    const airbags = changed.columns.find((c) => c.name === 'AirBags')!;
    expect(airbags.missing).toBe(expected.cars93.airbags.None);
    expect(airbags.missingMarkers).toEqual(['', 'none', 'na']);
    expect(changed.missingMarkers).toEqual({ perColumn: { AirBags: ['None', 'NA'] } });
    // Other columns keep the defaults.
    expect(changed.columns.find((c) => c.name === 'DriveTrain')!.missingMarkers).toContain('n/a');
    expect(project.datasets().map((d) => d.id)).toEqual([changed.id]);
    await project.close();
  });

  it('with a general list, a number-like marker such as -999 is missing, not a value', async () => {
    const file = path.join(await tempDir(), 'sentinel.csv');
    await writeFile(file, 'a,b\n1,-999\n2,5\n3,7\n4,None\n');
    const { columns, table } = await importTable(file, { missingMarkers: { markers: ['-999'] } });
    // "None" is not in the analyst's list, so it is a value here and b cannot be numbers.
    expect(columns.find((c) => c.name === 'b')).toMatchObject({ missing: 1, unique: 3 });
    expect(columns.find((c) => c.name === 'b')!.type).not.toBe('integer');
    const { columns: numeric } = await importTable(file, { missingMarkers: { markers: ['-999', 'None'] } });
    expect(numeric.find((c) => c.name === 'b')).toMatchObject({ type: 'integer', missing: 2, min: 5, max: 7 });
    expect(table.rowCount).toBe(4);
  });
});

describe('columns that should not be features', () => {
  it('flags row numbers and identifiers in Cars93 and never offers them as the target', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const cars = await project.importDataset(workflow('cars93.csv'));
    const rowNumbers = cars.columns[0]!;
    expect(rowNumbers.exclusion?.reason).toBe('identifier');
    expect(rowNumbers.excludedByDefault).toBe(true);
    expect(cars.columns.find((c) => c.name === 'Make')!.exclusion?.reason).toBe('identifier');
    expect(cars.columns.find((c) => c.name === 'Price')!.exclusion).toBeUndefined();
    expect(cars.defaultTarget).toBe('Origin');
    await project.close();
  });

  it('flags a constant column with its value and skips it as the default target', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const codes = await project.importDataset(workflow('codes_train.csv'));
    const flagged = codes.columns.filter((c) => c.exclusion?.reason === 'constant').map((c) => c.name);
    expect(flagged).toEqual(expected.codes.constantColumns);
    expect(codes.columns.find((c) => c.name === 'site')!.exclusion!.message).toContain('"HQ"');
    expect(codes.defaultTarget).toBe('y');
    await project.close();
  });
});
