// The contract's management channels through the one dispatch gate, as the browser-mode page uses
// them: open a project by a typed path, rename and tag, delete and undo, change missing markers.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../electron/app/dispatch';
import { createHandlers } from '../../../electron/app/handlers';
import type { Host } from '../../../electron/app/host';
import { Uploads } from '../../../electron/app/uploads';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { fixturesDir, tempDir } from '../helpers';

async function browserLab() {
  const root = await tempDir();
  const engine = createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });
  const host: Host = { mode: 'browser', projectsHome: path.join(root, 'home'), stateDir: path.join(root, 'state') };
  const handlers = createHandlers({ engine, host, version: 'test', uploads: new Uploads() });
  const call = async (channel: string, payload: unknown = {}) => dispatch(handlers, channel, payload);
  return { root, engine, handlers, call };
}

describe('management channels', () => {
  it('project:openPath opens a typed path only when it is an existing project folder', async () => {
    const { root, engine, handlers, call } = await browserLab();
    expect(await call('project:openPath', { path: path.join(root, 'nowhere') })).toMatchObject({ ok: false, error: { code: 'folder-not-found' } });
    await mkdir(path.join(root, 'plain'));
    expect(await call('project:openPath', { path: path.join(root, 'plain') })).toMatchObject({ ok: false, error: { code: 'not-a-project' } });
    const elsewhere = path.join(root, 'elsewhere', 'Study');
    await (await engine.createProject(elsewhere, 'Study')).close();
    const opened = await call('project:openPath', { path: `${elsewhere}/` });
    expect(opened).toMatchObject({ ok: true, value: { name: 'Study', path: elsewhere } });
    // A relative path is read from the projects folder; a wrong one is named as typed, nothing more.
    await (await engine.createProject(path.join(root, 'home', 'Typed'), 'Typed')).close();
    expect(await call('project:openPath', { path: 'Typed' })).toMatchObject({ ok: true, value: { name: 'Typed', path: path.join(root, 'home', 'Typed') } });
    const wrong = await call('project:openPath', { path: 'Tpyed' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'folder-not-found', message: 'There is no folder “Tpyed”.' } });
    expect(JSON.stringify(wrong)).not.toContain(root);
    expect(JSON.stringify(await call('project:openPath', { path: '../state' }))).not.toContain(root);
    // Once handed out, the path is granted for project:open too (recent list).
    expect(await call('project:recent')).toMatchObject({ ok: true });
    await handlers.dispose();
  });

  it('renames, tags, deletes and restores a dataset, and re-parses it with other markers', async () => {
    const { root, engine, handlers, call } = await browserLab();
    const dir = path.join(root, 'P');
    const project = await engine.createProject(dir, 'P');
    const dataset = await project.importDataset(path.join(fixturesDir, 'workflow', 'cars93.csv'));
    await project.close();
    expect((await call('project:openPath', { path: dir })).ok).toBe(true);

    expect(await call('item:rename', { kind: 'dataset', id: dataset.id, name: 'Cars' })).toEqual({
      ok: true,
      value: { kind: 'dataset', id: dataset.id, name: 'Cars', tags: [] },
    });
    expect(await call('item:annotate', { kind: 'dataset', id: dataset.id, tags: ['R', 'MASS'], note: 'from R' })).toMatchObject({
      ok: true,
      value: { tags: ['R', 'MASS'], note: 'from R' },
    });
    expect(await call('item:rename', { kind: 'project', id: dir, name: 'Cars study' })).toMatchObject({ ok: true, value: { name: 'Cars study' } });
    expect(await call('item:rename', { kind: 'run', id: dataset.id, name: '' })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    const changed = await call('dataset:setMissingMarkers', { datasetId: dataset.id, missingMarkers: { perColumn: { AirBags: ['None'] } } });
    expect(changed.ok).toBe(true);
    const v2 = (changed as { value: { id: string; name: string; tags: string[]; version: number } }).value;
    expect(v2).toMatchObject({ name: 'Cars', tags: ['R', 'MASS'], version: 2 });

    const preview = await call('item:deletePreview', { kind: 'dataset', id: v2.id });
    expect(preview).toEqual({ ok: true, value: [{ kind: 'dataset', id: v2.id, name: 'Cars' }] });
    const deleted = await call('item:delete', { kind: 'dataset', id: v2.id });
    expect(deleted).toMatchObject({ ok: true, value: { items: [{ kind: 'dataset', id: v2.id }] } });
    const trashId = (deleted as { value: { trashId: string } }).value.trashId;
    expect(await call('trash:list')).toMatchObject({ ok: true, value: [{ trashId }] });
    expect(await call('item:restore', { trashId })).toMatchObject({ ok: true });
    expect(await call('item:restore', { trashId })).toMatchObject({ ok: false, error: { code: 'unknown-trash' } });
    expect(await call('trash:empty')).toEqual({ ok: true, value: null });
    await handlers.dispose();
  });

  it('dataset:setMissingMarkers changes only the markers: a workbook stays on the sheet the analyst chose', async () => {
    const { root, engine, handlers, call } = await browserLab();
    const dir = path.join(root, 'P');
    const project = await engine.createProject(dir, 'P');
    const first = await project.importDataset(path.join(fixturesDir, 'import', 'several_sheets.xlsx'));
    const other = await project.reimportDataset(first.id, { sheet: 'Other' });
    expect(other.detected.sheet).toBe('Other');
    await project.close();
    expect((await call('project:openPath', { path: dir })).ok).toBe(true);
    const changed = await call('dataset:setMissingMarkers', { datasetId: other.id, missingMarkers: { markers: ['-'] } });
    expect(changed).toMatchObject({ ok: true, value: { version: 3, detected: { sheet: 'Other' }, columns: [{ name: 'name' }, { name: 'value' }] } });
    await handlers.dispose();
  });
});
