// @vitest-environment happy-dom
// Type-checked with the renderer (renderer/tsconfig.json: DOM types and .vue modules).
// The trash, the typed project path, the missing markers by column and the predict report of
// values a model could not use, mounted against a fake engine and found by role and label.
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { DatasetSummary, MissingMarkerSettings, TrashEntry } from '../../../../shared/domain';
import ColumnMarkers from '../../../../renderer/src/components/ColumnMarkers.vue';
import PredictPanel from '../../../../renderer/src/components/PredictPanel.vue';
import ProjectPicker from '../../../../renderer/src/components/ProjectPicker.vue';
import TrashPanel from '../../../../renderer/src/components/TrashPanel.vue';
import { useDatasetStore } from '../../../../renderer/src/stores/datasets';
import { useProjectStore } from '../../../../renderer/src/stores/project';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { createFakeLab, dataset, fail, runRecord, type FakeHandlers, type FakeLab } from '../fakeLab';

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

function entry(trashId: string, deletedAt: string, items: TrashEntry['items']): TrashEntry {
  return { trashId, deletedAt, items };
}

async function openWith(handlers: FakeHandlers, summary = dataset()): Promise<FakeLab> {
  setActivePinia(createPinia());
  const lab = createFakeLab({ 'project:create': () => ({ name: 'P', path: '/p', datasets: [summary] }), ...handlers });
  useSessionStore().attach(lab);
  await useProjectStore().create('P');
  return lab;
}

describe('the trash panel', () => {
  beforeEach(() => setActivePinia(createPinia()));

  it('lists each delete newest first, restores one, and empties after a confirmation that lists what goes', async () => {
    let trash = [
      entry('t-1', '2026-11-26T08:00:00.000Z', [{ kind: 'run', id: 'run-1', name: 'Run 1' }]),
      entry('t-2', '2026-11-26T09:00:00.000Z', [{ kind: 'dataset', id: 'ds-2', name: 'cars' }, { kind: 'run', id: 'run-2', name: 'Run 2' }]),
    ];
    const lab = await openWith({
      'trash:list': () => trash,
      'item:restore': ({ trashId }) => {
        const found = trash.find((e) => e.trashId === trashId)!;
        trash = trash.filter((e) => e !== found);
        return found;
      },
      'trash:empty': () => ((trash = []), null),
      'project:open': () => ({ name: 'P', path: '/p', datasets: [dataset()] }),
    });
    const wrapper = mount(TrashPanel, { attachTo: document.body });
    const details = wrapper.get('details').element as HTMLDetailsElement;
    details.open = true;
    await wrapper.get('details').trigger('toggle');
    await flush();
    const entries = wrapper.findAll('[data-testid="trash-entry"]');
    expect(entries.map((e) => e.find('strong').text())).toEqual(['dataset “cars” and 1 more item', 'run “Run 1”']);
    expect(entries[0]!.text()).toContain('run “Run 2”');

    await wrapper.get('button[aria-label="Restore run “Run 1”"]').trigger('click');
    await flush();
    expect(lab.calls.filter((c) => c.channel === 'item:restore').map((c) => c.payload)).toEqual([{ trashId: 't-1' }]);
    expect(wrapper.findAll('[data-testid="trash-entry"]')).toHaveLength(1);

    await wrapper.get('[data-testid="trash-empty-button"]').trigger('click');
    await nextTick();
    const dialog = wrapper.get('[role="alertdialog"]');
    expect(dialog.findAll('li').map((li) => li.text())).toEqual(['dataset “cars”', 'run “Run 2”']);
    expect(document.activeElement?.textContent?.trim()).toBe('Keep them');
    await dialog.get('[data-testid="confirm-empty-trash-button"]').trigger('click');
    await flush();
    expect(lab.calls.some((c) => c.channel === 'trash:empty')).toBe(true);
    expect(wrapper.find('[role="alertdialog"]').exists()).toBe(false);
    expect(wrapper.get('[data-testid="trash-empty"]').text()).toBe('The trash is empty.');
    wrapper.unmount();
  });
});

describe('opening a project by its path (browser mode)', () => {
  it('shows a wrong path beside the field, marks it invalid, and clears it when the path is edited', async () => {
    setActivePinia(createPinia());
    const lab = createFakeLab({
      'app:info': () => ({ version: 't', mode: 'browser', backend: { name: 'wasm', native: false }, canUseDialogs: false }),
      'project:openPath': ({ path }) => (path === 'Study' ? { name: 'Study', path: '/home/p/Study', datasets: [] } : fail(`There is no folder “${path}”.`, { file: path })),
    });
    const session = useSessionStore();
    session.attach(lab);
    session.setConnection('ready');
    await session.loadInfo();
    const wrapper = mount(ProjectPicker, { attachTo: document.body });
    await nextTick();
    const input = wrapper.get('input#project-folder');
    expect(wrapper.get('label[for="project-folder"]').text()).toBe('Project folder');
    await input.setValue('Stduy');
    await wrapper.get('[data-testid="open-path"] form').trigger('submit');
    await flush();
    const alert = wrapper.get('[data-testid="open-path"] [role="alert"]');
    expect(alert.text()).toContain('There is no folder “Stduy”.');
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(input.attributes('aria-describedby')).toContain('project-folder-error');
    await input.setValue('Study');
    expect(wrapper.find('[data-testid="open-path"] [role="alert"]').exists()).toBe(false);
    await wrapper.get('[data-testid="open-path"] form').trigger('submit');
    await flush();
    expect(useProjectStore().current?.name).toBe('Study');
    wrapper.unmount();
  });
});

describe('a new project where the analyst chooses (desktop app)', () => {
  it('offers “Create in…”, which asks the host for a folder dialog with the typed name', async () => {
    setActivePinia(createPinia());
    const lab = createFakeLab({
      'app:info': () => ({ version: 't', mode: 'electron', backend: { name: 'wasm', native: false }, canUseDialogs: true }),
      'project:createDialog': ({ name }) => ({ name, path: `/chosen/${name}`, datasets: [] }),
    });
    const session = useSessionStore();
    session.attach(lab);
    session.setConnection('ready');
    await session.loadInfo();
    const wrapper = mount(ProjectPicker, { attachTo: document.body });
    await nextTick();
    expect(wrapper.find('[data-testid="open-path"]').exists()).toBe(false);
    await wrapper.get('input#project-name').setValue('Churn');
    const createIn = wrapper.findAll('button').find((b) => b.text() === 'Create in…')!;
    await createIn.trigger('click');
    await flush();
    expect(lab.calls.find((c) => c.channel === 'project:createDialog')?.payload).toEqual({ name: 'Churn' });
    expect(useProjectStore().current?.path).toBe('/chosen/Churn');
    wrapper.unmount();
  });
});

describe('missing markers by column', () => {
  it('shows the markers in force per column and sends one column’s list with the others kept, then the re-count', async () => {
    const withMarkers = dataset({
      missingMarkers: { markers: ['', 'na'], perColumn: { area: ['', '-'] } },
      columns: [
        { name: 'area', type: 'number', missing: 0, unique: 3, missingMarkers: ['', '-'] },
        { name: 'rooms', type: 'integer', missing: 1, unique: 2, missingMarkers: ['', 'na'] },
      ],
    });
    let sent: MissingMarkerSettings | undefined;
    const lab = await openWith(
      {
        'dataset:setMissingMarkers': ({ missingMarkers }): DatasetSummary => {
          sent = missingMarkers;
          return { ...withMarkers, id: 'ds-2', version: 2, previousVersions: ['ds-1'], missingMarkers, columns: [withMarkers.columns[0]!, { ...withMarkers.columns[1]!, missing: 2, missingMarkers: ['', '0'] }] };
        },
      },
      withMarkers,
    );
    const wrapper = mount(ColumnMarkers, { props: { dataset: withMarkers }, attachTo: document.body });
    const rows = wrapper.findAll('[data-testid="column-markers-row"]');
    expect(rows.map((r) => r.get('th').text())).toEqual(['area', 'rooms']);
    expect(rows[0]!.findAll('.tag').map((t) => t.text())).toEqual(['(empty)', '-']);
    expect(rows[0]!.text()).toContain('this column’s own list');
    expect(rows[1]!.get('[data-testid="column-missing"]').text()).toBe('1');

    await rows[1]!.get('button[aria-label="Change the missing markers of rooms"]').trigger('click');
    await nextTick();
    const input = wrapper.get('input[data-testid="column-markers-input"]');
    expect(wrapper.get(`label[for="${input.attributes('id')}"]`).text()).toContain('Missing markers of rooms');
    expect(document.activeElement).toBe(input.element);
    await input.setValue('(empty), 0');
    await wrapper.get('form').trigger('submit');
    await flush();
    expect(lab.calls.filter((c) => c.channel === 'dataset:setMissingMarkers')).toHaveLength(1);
    expect(sent).toEqual({ markers: ['', 'na'], perColumn: { area: ['', '-'], rooms: ['', '0'] } });
    const next = useDatasetStore().selected!;
    expect(next.id).toBe('ds-2');
    await wrapper.setProps({ dataset: next });
    expect(wrapper.get('[data-testid="markers-recount"]').text()).toContain('rooms 1 → 2 missing');
    wrapper.unmount();
  });
});

describe('a refused change of markers', () => {
  it('is shown inside the markers table, which opens for it, and goes when a change succeeds', async () => {
    let refuse = true;
    await openWith({
      'dataset:setMissingMarkers': ({ missingMarkers }) => (refuse ? fail('The file changed on disk.', { file: 'houses.csv' }) : { ...dataset(), id: 'ds-2', missingMarkers }),
    });
    const wrapper = mount(ColumnMarkers, { props: { dataset: dataset() }, attachTo: document.body });
    expect((wrapper.get('details').element as HTMLDetailsElement).open).toBe(false);
    await useDatasetStore().setMissingMarkers(['', 'NA']);
    await nextTick();
    expect((wrapper.get('details').element as HTMLDetailsElement).open).toBe(true);
    expect(wrapper.get('[role="alert"]').text()).toContain('The file changed on disk.');
    refuse = false;
    await useDatasetStore().setMissingMarkers(['', 'NA']);
    await nextTick();
    expect(wrapper.find('[role="alert"]').exists()).toBe(false);
    wrapper.unmount();
  });
});

describe('the predict report', () => {
  it('lists the values the model could not use by column, row and value', async () => {
    const run = runRecord();
    await openWith({
      'run:predict': () => ({
        fileName: 'new.predictions.csv',
        output: { outputId: 'o-1', fileName: 'new.predictions.csv' },
        header: ['area', 'rooms', 'prediction'],
        preview: [],
        rows: 30,
        predicted: 28,
        skipped: [{ row: 5, reason: '"rooms" holds "x"' }],
        unmapped: [
          { column: 'rooms', row: 5, value: 'x', reason: 'not a number' },
          { column: 'area', row: 18, value: '', reason: 'not a number' },
        ],
        unmappedCount: 2,
      }),
    });
    const wrapper = mount(PredictPanel, { props: { run }, attachTo: document.body });
    expect(wrapper.find('[data-testid="predict-unmapped"]').exists()).toBe(false);
    const file = new File(['area,rooms\n1,x\n'], 'new.csv');
    const input = wrapper.get('input[type="file"]');
    Object.defineProperty(input.element, 'files', { value: [file] });
    await input.trigger('change');
    await flush();
    await flush();
    const report = wrapper.get('[data-testid="predict-unmapped"]');
    expect(report.text()).toContain('2 values');
    expect(report.get('table').attributes('aria-label')).toBe('Values the model could not use');
    expect(report.findAll('[data-testid="unmapped-row"]').map((r) => r.findAll('td').map((td) => td.text()))).toEqual([
      ['rooms', '5', 'x', 'not a number'],
      ['area', '18', '(empty)', 'not a number'],
    ]);
    wrapper.unmount();
  });
});
