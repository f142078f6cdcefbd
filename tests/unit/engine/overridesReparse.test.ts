// A column type the analyst changed ("code is a category") survives re-parsing the file: the new
// version of the dataset reads the column the same way, while a column that is gone is left alone.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { fixturesDir, tempDir } from '../helpers';

const engine = () => createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });
const codesTrain = path.join(fixturesDir, 'workflow', 'codes_train.csv');

describe('type overrides across dataset versions', () => {
  it('carries a changed column type to the re-parsed version when the column still exists', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const v1 = await project.importDataset(codesTrain);
    expect(v1.columns.find((c) => c.name === 'code')!.type).toBe('integer');
    const overridden = await project.setColumnType(v1.id, 'code', 'category');
    const asCategory = overridden.columns.find((c) => c.name === 'code')!;

    // Other missing markers: a new version, parsed afresh from the stored source.
    const v2 = await project.reimportDataset(v1.id, { missingMarkers: { markers: ['-999'] } });
    expect(v2.id).not.toBe(v1.id);
    expect(v2.typeOverrides).toEqual({ code: 'category' });
    expect(v2.columns.find((c) => c.name === 'code')).toMatchObject({ type: 'category', unique: asCategory.unique, top: asCategory.top });
    // The stored summary and the table a run would train on agree.
    await project.close();
    const reopened = await engine().openProject(dir);
    expect(reopened.dataset(v2.id).columns.find((c) => c.name === 'code')!.type).toBe('category');
    const page = await reopened.preview(v2.id, 0, 1);
    expect(page.rows[0]![1]).toBe('10');
    // Undoing the change on the new version gives back the parser's own reading.
    const undone = await reopened.setColumnType(v2.id, 'code', 'integer');
    expect(undone.typeOverrides).toEqual({});
    expect(undone.columns.find((c) => c.name === 'code')!.type).toBe('integer');

    // Without a header row the columns are "Column 1…": no "code" any more, nothing to carry.
    await reopened.setColumnType(undone.id, 'code', 'category');
    const v3 = await reopened.reimportDataset(undone.id, { headerRow: 0 });
    expect(v3.columns.some((c) => c.name === 'code')).toBe(false);
    expect(v3.typeOverrides ?? {}).toEqual({});
    await reopened.close();
  }, 60_000);
});
