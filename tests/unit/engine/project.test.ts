import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { RegulaError } from '../../../electron/engine/errors';
import { engineFixture, snapshotTree, tempDir } from '../helpers';

const engine = () => createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });

describe('project folder', () => {
  it('creates a project with a versioned project.json and reopens it with its datasets', async () => {
    const dir = path.join(await tempDir(), 'Sales');
    const project = await engine().createProject(dir, 'Sales');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    expect(dataset.rows).toBe(240);
    expect(dataset.columns.map((c) => c.name)).toEqual(['a', 'b', 'noise', 'region', 'y']);
    await project.close();

    const json = JSON.parse(await readFile(path.join(dir, 'project.json'), 'utf8'));
    expect(json).toMatchObject({ schemaVersion: 1, name: 'Sales', datasetIds: [dataset.id] });

    const reopened = await engine().openProject(dir);
    expect(reopened.datasets().map((d) => d.id)).toEqual([dataset.id]);
    const page = await reopened.preview(dataset.id, 0, 3);
    expect(page.total).toBe(240);
    expect(page.rows).toHaveLength(3);
    await reopened.close();
  });

  it('refuses a second opener of the same project while the first holds it', async () => {
    const dir = path.join(await tempDir(), 'Locked');
    const first = await engine().createProject(dir, 'Locked');
    await expect(engine().openProject(dir)).rejects.toMatchObject({ code: 'project-locked' });
    await first.close();
    const second = await engine().openProject(dir);
    await second.close();
  });

  it('says plainly when a folder is not a project', async () => {
    const dir = await tempDir();
    const err = await engine().openProject(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegulaError);
    expect((err as RegulaError).message).toContain('is not a Regula project');
  });

  it('leaves the project unchanged when an import fails', async () => {
    const root = await tempDir();
    const dir = path.join(root, 'P');
    const project = await engine().createProject(dir, 'P');
    await project.importDataset(engineFixture('linear.csv'));
    const before = await snapshotTree(dir);
    const empty = path.join(root, 'empty.csv');
    await (await import('node:fs/promises')).writeFile(empty, '');
    await expect(project.importDataset(empty)).rejects.toBeInstanceOf(RegulaError);
    await expect(project.importDataset(path.join(root, 'missing.csv'))).rejects.toBeInstanceOf(RegulaError);
    expect(await snapshotTree(dir)).toEqual(before);
    await project.close();
  });

  it('refuses a run whose target is not a column, without writing anything', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    const before = await snapshotTree(dir);
    await expect(project.startRun({ datasetId: dataset.id, target: 'nope', features: ['a'], epochs: 5 })).rejects.toMatchObject({
      code: 'unknown-column',
      place: { column: 'nope' },
    });
    await expect(project.startRun({ datasetId: dataset.id, target: 'y', features: ['a'], epochs: 0 })).rejects.toThrow(/epochs/);
    await expect(
      project.startRun({ datasetId: dataset.id, target: 'y', features: ['a'], epochs: 5, regularizer: { kind: 'l1', l1: -1 } }),
    ).rejects.toThrow(/λ must be ≥ 0/);
    expect(await snapshotTree(dir)).toEqual(before);
    await project.close();
  });

  it('changes a column type as an override, trains with it, and can undo it', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('missing.csv'));
    // "v" is a number column; as a category each distinct value would become an input.
    const asCategory = await project.setColumnType(dataset.id, 'v', 'category');
    const v = asCategory.columns.find((c) => c.name === 'v')!;
    expect(v.type).toBe('category');
    expect(v.unique).toBe(dataset.columns.find((c) => c.name === 'v')!.unique);
    expect(asCategory.typeOverrides).toEqual({ v: 'category' });
    const page = await project.preview(dataset.id, 0, 2);
    expect(page.rows).toHaveLength(2);
    await project.close();

    // The override is stored: a reopened project loads the table with it applied.
    const reopened = await engine().openProject(dir);
    expect(reopened.dataset(dataset.id).columns.find((c) => c.name === 'v')!.type).toBe('category');
    const undone = await reopened.setColumnType(dataset.id, 'v', 'number');
    expect(undone.columns.find((c) => c.name === 'v')).toEqual(dataset.columns.find((c) => c.name === 'v'));
    expect(undone.typeOverrides).toEqual({});
    // A category of words cannot become numbers.
    await expect(reopened.setColumnType(dataset.id, 'klass', 'number')).rejects.toThrow(/not numbers/);
    await reopened.close();
  });

  it('re-parses the stored source with settings the analyst chose', async () => {
    const root = await tempDir();
    const file = path.join(root, 'semi.csv');
    await (await import('node:fs/promises')).writeFile(file, 'a;b\n1,5;2\n3,5;4\n');
    const project = await engine().createProject(path.join(root, 'P'), 'P');
    const first = await project.importDataset(file);
    expect(first.detected.delimiter).toBe(';');
    expect(first.detected.decimal).toBe(',');
    const forced = await project.reimportDataset(first.id, { delimiter: ',', headerRow: 0 });
    expect(forced.id).not.toBe(first.id);
    expect(forced.sourceFile).toBe('semi.csv');
    expect(forced.detected.delimiter).toBe(',');
    expect(forced.rows).toBe(3);
    // The new version replaces the old one in the project; the old one's folder stays for its runs.
    expect(project.datasets().map((d) => d.id)).toEqual([forced.id]);
    expect(forced).toMatchObject({ lineage: first.id, version: 2, previousVersions: [first.id] });
    await expect(project.preview(first.id, 0, 1)).rejects.toMatchObject({ code: 'old-dataset-version' });
    await project.close();
  });
});
