// Keeping the lab tidy the way an analyst does: rename, note and tag runs, datasets, sweeps and the
// project; delete into the trash and undo; re-parse a file so the new version replaces the old.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { engineFixture, snapshotTree, tempDir } from '../helpers';

const engine = () => createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });

async function projectWithRun() {
  const dir = path.join(await tempDir(), 'Lab');
  const project = await engine().createProject(dir, 'Lab');
  const dataset = await project.importDataset(engineFixture('linear.csv'));
  const run = await (
    await project.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b', 'region'], regularizer: { kind: 'l1', l1: 0.1 }, epochs: 50 })
  ).done;
  expect(run.status).toBe('completed');
  return { dir, project, dataset, run };
}

describe('managing runs, datasets and the project', () => {
  it('renames, notes and tags a run, and keeps them on disk', async () => {
    const { dir, project, run } = await projectWithRun();
    await project.annotate('run', run.id, { name: 'Baseline L1' });
    const info = await project.annotate('run', run.id, { note: 'first try', tags: ['baseline', ' l1 ', 'baseline'] });
    expect(info).toEqual({ kind: 'run', id: run.id, name: 'Baseline L1', note: 'first try', tags: ['baseline', 'l1'] });
    const stored = JSON.parse(await readFile(path.join(dir, 'runs', run.id, 'run.json'), 'utf8'));
    expect(stored).toMatchObject({ name: 'Baseline L1', note: 'first try', tags: ['baseline', 'l1'], status: 'completed' });
    // An empty note clears it; the tags stay when not given.
    expect(await project.annotate('run', run.id, { note: '' })).toEqual({ kind: 'run', id: run.id, name: 'Baseline L1', tags: ['baseline', 'l1'] });
    await project.close();
  });

  it('deletes a run into the trash and restores it exactly', async () => {
    const { dir, project, run } = await projectWithRun();
    const before = await snapshotTree(dir);
    const entry = await project.deleteItem('run', run.id);
    expect(entry.items).toEqual([{ kind: 'run', id: run.id, name: run.name }]);
    expect((await project.listRuns()).map((r) => r.id)).toEqual([]);
    expect((await project.trash()).map((t) => t.trashId)).toEqual([entry.trashId]);
    await project.restore(entry.trashId);
    expect((await project.listRuns()).map((r) => r.id)).toEqual([run.id]);
    expect(await project.trash()).toEqual([]);
    expect(await snapshotTree(dir)).toEqual(before);
    await project.close();
  });

  it('deletes a dataset with its runs when asked, lists them first, and undoes it after a reopen', async () => {
    const { dir, project, dataset, run } = await projectWithRun();
    const preview = await project.deletePreview('dataset', dataset.id, true);
    expect(preview).toEqual([
      { kind: 'dataset', id: dataset.id, name: dataset.name },
      { kind: 'run', id: run.id, name: run.name },
    ]);
    const entry = await project.deleteItem('dataset', dataset.id, true);
    expect(entry.items).toEqual(preview);
    expect(project.datasets()).toEqual([]);
    expect(JSON.parse(await readFile(path.join(dir, 'project.json'), 'utf8')).datasetIds).toEqual([]);
    await project.close();

    const reopened = await engine().openProject(dir);
    expect(reopened.datasets()).toEqual([]);
    expect(await reopened.listRuns()).toEqual([]);
    await reopened.restore(entry.trashId);
    expect(reopened.datasets().map((d) => d.id)).toEqual([dataset.id]);
    expect((await reopened.listRuns()).map((r) => r.id)).toEqual([run.id]);
    await reopened.close();
    // Still consistent when opened again from disk.
    const again = await engine().openProject(dir);
    expect(again.datasets().map((d) => d.id)).toEqual([dataset.id]);
    await again.close();
  });

  it('empties the trash for good', async () => {
    const { dir, project, run } = await projectWithRun();
    await project.deleteItem('run', run.id);
    await project.emptyTrash();
    expect(await project.trash()).toEqual([]);
    expect(await readdir(path.join(dir, 'runs'))).toEqual([]);
    await project.close();
  });

  it('renames and tags the project and a dataset', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    await project.annotate('project', dir, { name: 'Sales study', tags: ['2026'] });
    await project.annotate('dataset', dataset.id, { name: 'Sales Q3', note: 'from finance' });
    await expect(project.annotate('project', '/elsewhere', { name: 'x' })).rejects.toMatchObject({ code: 'unknown-project' });
    await project.close();
    const reopened = await engine().openProject(dir);
    expect(reopened.summary()).toMatchObject({ name: 'Sales study', tags: ['2026'] });
    expect(reopened.datasets()[0]).toMatchObject({ name: 'Sales Q3', note: 'from finance' });
    await reopened.close();
  });

  it('re-parsing replaces the dataset; the run keeps the exact version it trained on', async () => {
    const { project, dataset, run } = await projectWithRun();
    expect(run.dataset).toMatchObject({ id: dataset.id, lineage: dataset.id, version: 1, sha256: dataset.sha256 });
    await project.annotate('dataset', dataset.id, { name: 'Sales', tags: ['clean'] });
    const v2 = await project.reimportDataset(dataset.id, { delimiter: ',' });
    expect(project.datasets().map((d) => d.id)).toEqual([v2.id]);
    expect(v2).toMatchObject({ lineage: dataset.id, version: 2, previousVersions: [dataset.id], name: 'Sales', tags: ['clean'] });
    const [stored] = await project.listRuns();
    expect(stored!.spec.datasetId).toBe(dataset.id);
    expect(stored!.dataset?.version).toBe(1);
    // Deleting the dataset takes its earlier version along (hidden) and its runs when asked.
    const preview = await project.deletePreview('dataset', v2.id, true);
    expect(preview.map((p) => p.id)).toEqual([v2.id, run.id]);
    await project.close();
  });

  it('refuses to delete a run that is still training', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    const handle = await project.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b'], model: { kind: 'mlp', layers: [{ units: 8 }] }, epochs: 5000 });
    await expect(project.deleteItem('run', handle.runId)).rejects.toMatchObject({ code: 'item-busy' });
    // Renaming a run in flight goes through its own writer, so the final record keeps the name.
    await project.annotate('run', handle.runId, { name: 'Long one' });
    handle.cancel();
    const final = await handle.done;
    expect(final.name).toBe('Long one');
    await project.close();
  });
});
