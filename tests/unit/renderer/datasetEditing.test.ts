// @vitest-environment happy-dom
// The data view's editing flows against a fake engine: type changes (and their undo), re-parsing,
// import progress and cancel, and the preview's block cache.
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ProjectSummary, TablePage } from '../../../shared/domain';
import { LabError } from '../../../shared/contract';
import { useDatasetStore } from '../../../renderer/src/stores/datasets';
import { useErrorStore } from '../../../renderer/src/stores/errors';
import { usePreviewStore } from '../../../renderer/src/stores/preview';
import { useProjectStore } from '../../../renderer/src/stores/project';
import { useSessionStore } from '../../../renderer/src/stores/session';
import { createFakeLab, dataset, fail, type FakeHandlers, type FakeLab } from './fakeLab';

const project: ProjectSummary = { name: 'Houses', path: '/engine/given/Houses', datasets: [dataset()] };

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

function pageOf(offset: number, limit: number, total: number): TablePage {
  const rows = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, k) => [String(offset + k + 1)]);
  return { offset, rows, total };
}

async function open(handlers: FakeHandlers): Promise<FakeLab> {
  const lab = createFakeLab({ 'project:create': () => project, 'run:list': () => [], ...handlers });
  useSessionStore().attach(lab);
  await useProjectStore().create('Houses');
  return lab;
}

beforeEach(() => setActivePinia(createPinia()));

describe('column types', () => {
  it('replaces the dataset in place with the engine’s answer, and reports a refusal with the column', async () => {
    const changed = dataset({
      columns: dataset().columns.map((c) => (c.name === 'rooms' ? { ...c, type: 'category' as const } : c)),
      typeOverrides: { rooms: 'category' },
      importedColumns: { rooms: { name: 'rooms', type: 'integer', missing: 1, unique: 2 } },
    });
    const lab = await open({
      'dataset:setColumnType': ({ column, type }) =>
        column === 'note' ? fail(`Most cells of "note" are not numbers; it cannot be a ${type} column.`, { column: 'note', row: 1 }) : changed,
    });
    const store = useDatasetStore();
    expect(await store.setColumnType('rooms', 'category')).toBe(true);
    expect(lab.calls.at(-1)).toEqual({ channel: 'dataset:setColumnType', payload: { datasetId: 'ds-1', column: 'rooms', type: 'category' } });
    expect(store.selected?.typeOverrides).toEqual({ rooms: 'category' });
    expect(useProjectStore().datasets).toHaveLength(1);

    expect(await store.setColumnType('note', 'number')).toBe(false);
    expect(useErrorStore().items[0]?.detail).toMatchObject({ column: 'note', file: 'houses.csv' });
    expect(useErrorStore().items[0]?.detail.message).toContain('are not numbers');
    expect(store.changingColumn).toBeNull();
  });
});

describe('re-parsing and import progress', () => {
  it('re-parses with the chosen settings and selects the new dataset', async () => {
    const lab = await open({ 'dataset:reimport': () => dataset({ id: 'ds-2', detected: { format: 'csv', delimiter: ',', headerRow: 1 } }) });
    const store = useDatasetStore();
    expect(await store.reparse({ delimiter: ',' })).toBe(true);
    expect(lab.calls.at(-1)).toEqual({ channel: 'dataset:reimport', payload: { datasetId: 'ds-1', options: { delimiter: ',' } } });
    expect(store.selectedId).toBe('ds-2');
    expect(useProjectStore().datasets.map((d) => d.id)).toEqual(['ds-1', 'ds-2']);
  });

  it('shows the engine’s progress, and a cancel sent before the engine started is sent again', async () => {
    let finish: (v: unknown) => void = () => {};
    const lab = await open({
      'dataset:reimport': () =>
        new Promise((_, reject) => {
          finish = reject;
        }),
      'dataset:cancelImport': () => null,
    });
    const store = useDatasetStore();
    store.listen();
    const done = store.reparse({ headerRow: 2 });
    expect(store.activity).toMatchObject({ fileName: 'houses.csv', phase: 'parsing', fraction: 0 });
    await store.cancelImport();
    expect(lab.calls.filter((c) => c.channel === 'dataset:cancelImport')).toHaveLength(1);
    lab.emit('dataset:importProgress', { fileName: 'houses.csv', fraction: 0.25 });
    expect(store.activity?.fraction).toBe(0.25);
    expect(lab.calls.filter((c) => c.channel === 'dataset:cancelImport')).toHaveLength(2);
    finish(new LabError({ code: 'cancelled', message: 'Reading houses.csv was cancelled.' }));
    expect(await done).toBe(false);
    // A cancel is what the analyst asked for: a notice, not an error.
    expect(useErrorStore().items).toHaveLength(0);
    expect(store.cancelledFile).toBe('houses.csv');
    expect(store.activity).toBeNull();
  });

  it('stops reading a picked file in the page without sending it', async () => {
    const lab = await open({ 'dataset:import': () => dataset({ id: 'never' }) });
    const store = useDatasetStore();
    const big = new File([new Uint8Array(6 * 1024 * 1024)], 'big.csv');
    const done = store.importFile(big);
    expect(store.activity?.phase).toBe('reading');
    await store.cancelImport();
    expect(await done).toBe(false);
    expect(lab.calls.some((c) => c.channel === 'dataset:import')).toBe(false);
    expect(store.cancelledFile).toBe('big.csv');
  });
});

describe('preview blocks', () => {
  it('fetches the blocks in view, skips those scrolled past, and drops far ones', async () => {
    const lab = await open({ 'dataset:preview': ({ offset, limit }) => pageOf(offset, limit, 1_000_000) });
    const preview = usePreviewStore();
    await settle();
    expect(preview.row(0)).toEqual(['1']);
    const requested = (): number[] =>
      lab.calls.filter((c) => c.channel === 'dataset:preview').map((c) => (c.payload as { offset: number }).offset);
    // A fast drag: positions on the way are replaced before their blocks are asked for.
    for (const first of [10_000, 200_000, 500_000]) preview.show(first, first + 40);
    preview.show(999_960, 1_000_000);
    await settle();
    expect(preview.row(999_999)).toEqual(['1000000']);
    expect(requested().length).toBeLessThanOrEqual(4);
    expect(preview.blocks.has(0)).toBe(false);
  });
});
