// @vitest-environment happy-dom
// Type-checked with the renderer (renderer/tsconfig.json: DOM types and .vue modules).
// The model form, the runs table and the per-class coefficient table as a person meets them:
// mounted, found by role and label, driven with the keyboard.
import { mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { RunSpec } from '../../../../shared/domain';
import ClassCoefficients from '../../../../renderer/src/components/ClassCoefficients.vue';
import ModelForm from '../../../../renderer/src/components/ModelForm.vue';
import RunsTable from '../../../../renderer/src/components/RunsTable.vue';
import { defaultQuery, queryRuns } from '../../../../renderer/src/model/runsTable';
import { useProjectStore } from '../../../../renderer/src/stores/project';
import { useRunFormStore } from '../../../../renderer/src/stores/runForm';
import { useSessionStore } from '../../../../renderer/src/stores/session';
import { createFakeLab, dataset, runRecord } from '../fakeLab';

beforeEach(() => {
  const pinia = createPinia();
  setActivePinia(pinia);
  useSessionStore().attach(createFakeLab({ 'project:create': () => ({ name: 'P', path: '/p', datasets: [dataset()] }), 'dataset:preview': () => ({ offset: 0, rows: [], total: 0 }) }));
});

async function mountForm() {
  await useProjectStore().create('P');
  const wrapper = mount(ModelForm, { attachTo: document.body });
  await nextTick();
  return wrapper;
}

describe('the model form', () => {
  it('is a real radio group for the penalty, moved with the arrow keys, with help that follows', async () => {
    const wrapper = await mountForm();
    const group = wrapper.get('[role="radiogroup"][aria-label="Penalty"]');
    const radios = group.findAll('[role="radio"]');
    expect(radios.map((r) => r.text())).toEqual(['None', 'L1', 'L2', 'L1 + L2']);
    expect(radios[0]?.attributes('aria-checked')).toBe('true');
    expect(radios.filter((r) => r.attributes('tabindex') === '0')).toHaveLength(1);
    await radios[0]?.trigger('keydown', { key: 'ArrowRight' });
    expect(useRunFormStore().form.regularizer).toBe('l1');
    expect(wrapper.get('[data-testid="reg-help"]').text()).toContain('exactly zero');
    wrapper.unmount();
  });

  it('marks an impossible λ with aria-invalid and points to the message with aria-describedby', async () => {
    const wrapper = await mountForm();
    useRunFormStore().form.regularizer = 'l1';
    await nextTick();
    const input = wrapper.get('#field-lambda1');
    await input.setValue('-2');
    const problemId = input.attributes('aria-describedby')?.split(' ').find((id) => id.startsWith('problem-'));
    expect(input.attributes('aria-invalid')).toBe('true');
    expect(problemId).toBeDefined();
    expect(wrapper.get(`#${problemId}`).text()).toMatch(/λ₁ must be/);
    await input.setValue('0.1');
    expect(input.attributes('aria-invalid')).toBe('false');
    wrapper.unmount();
  });

  it('hides the settings the exact solver ignores and shows the schema’s limit for epochs', async () => {
    const wrapper = await mountForm();
    expect(wrapper.find('#field-epochs').exists()).toBe(false);
    expect(wrapper.get('[data-testid="exact-solver-note"]').text()).toContain('iterations');
    useRunFormStore().form.solver = 'gradient';
    await nextTick();
    const epochs = wrapper.get('#field-epochs');
    const max = RunSpec.shape.epochs.maxValue;
    expect(epochs.attributes('max')).toBe(String(max));
    await epochs.setValue(String((max ?? 0) + 1));
    expect(wrapper.get('#problem-epochs').text()).toContain((max ?? 0).toLocaleString('en-US'));
    wrapper.unmount();
  });

  it('offers keeping the last good weights for gradient training: a labelled checkbox with a tooltip', async () => {
    const wrapper = await mountForm();
    const label = () => wrapper.findAll('label').find((l) => l.text().includes('Keep the last good weights'));
    expect(label()).toBeUndefined(); // the exact solver has no epochs to fall back to
    useRunFormStore().form.solver = 'gradient';
    await nextTick();
    const box = label()!.get('input[type="checkbox"]');
    expect(label()!.attributes('title')).toMatch(/diverges|blows up/);
    await box.setValue(true);
    expect(useRunFormStore().form.keepLastGood).toBe(true);
    wrapper.unmount();
  });

  it('labels every field and gives it a tooltip', async () => {
    const wrapper = await mountForm();
    for (const el of wrapper.findAll('input[id^="field-"], select[id^="field-"]')) {
      const id = el.attributes('id');
      expect(wrapper.find(`label[for="${id}"]`).exists(), `label for ${id}`).toBe(true);
      expect(el.attributes('title'), `tooltip on ${id}`).toBeTruthy();
    }
    wrapper.unmount();
  });
});

describe('the runs table', () => {
  const runs = [
    runRecord({ id: 'a', name: 'Run 1', createdAt: '2026-11-26T08:00:00Z', metrics: { train: { r2: 0.5 }, validation: { r2: 0.7 } }, tags: ['baseline'] }),
    runRecord({ id: 'b', name: 'Run 2', createdAt: '2026-11-26T09:00:00Z', metrics: { train: { r2: 0.9 }, validation: { r2: 0.9 } }, spec: { ...runRecord().spec, regularizer: { kind: 'l2', l2: 1 } } }),
    runRecord({ id: 'c', name: 'Run 3', createdAt: '2026-11-26T10:00:00Z', status: 'failed', spec: { ...runRecord().spec, datasetId: 'other' } }),
  ];

  it('keeps the current dataset’s runs (its earlier versions too), filters by penalty and tag, sorts best first', () => {
    const current = dataset({ id: 'ds-2', previousVersions: ['ds-1'] });
    const q = defaultQuery();
    expect(queryRuns(runs, q, current).map((r) => r.id)).toEqual(['b', 'a']);
    expect(queryRuns(runs, { ...q, dataset: 'all' }, current).map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(queryRuns(runs, { ...q, penalty: 'l2' }, current).map((r) => r.id)).toEqual(['b']);
    expect(queryRuns(runs, { ...q, tag: 'baseline' }, current).map((r) => r.id)).toEqual(['a']);
    const best = queryRuns(runs, { ...q, dataset: 'all', sort: 'metric', descending: true }, current);
    // Highest R² first; the failed run without a score goes last.
    expect(best.map((r) => r.id)).toEqual(['b', 'a', 'c']);
  });

  it('moves the selection with the arrow keys, ticks with Space and sorts from the headers', async () => {
    const wrapper = mount(RunsTable, { props: { runs: runs.slice(0, 2), selectedId: 'a', compared: [], sort: 'date', descending: true }, attachTo: document.body });
    const rows = wrapper.findAll('tbody tr');
    expect(rows[0]?.attributes('aria-selected')).toBe('true');
    expect(rows[0]?.attributes('tabindex')).toBe('0');
    expect(rows[1]?.attributes('tabindex')).toBe('-1');
    await rows[0]?.trigger('keydown', { key: 'ArrowDown' });
    expect(wrapper.emitted('select')?.at(-1)).toEqual(['b']);
    await rows[0]?.trigger('keydown', { key: ' ' });
    expect(wrapper.emitted('compare')?.at(-1)).toEqual(['a']);
    const header = wrapper.findAll('th').find((th) => th.text().startsWith('Started'));
    expect(header?.attributes('aria-sort')).toBe('descending');
    await wrapper.findAll('th button').find((b) => b.text().startsWith('Validation'))?.trigger('click');
    expect(wrapper.emitted('sort')?.at(-1)).toEqual(['metric']);
    wrapper.unmount();
  });
});

describe('per-class coefficients', () => {
  it('shows a column per class and the features by their largest weight', () => {
    const wrapper = mount(ClassCoefficients, {
      props: {
        classes: [
          { class: 'setosa', coefficients: [{ feature: 'sepal', value: 0.1 }, { feature: 'petal', value: -2 }], intercept: 0.3 },
          { class: 'virginica', coefficients: [{ feature: 'sepal', value: 0 }, { feature: 'petal', value: 1.5 }] },
        ],
      },
    });
    expect(wrapper.findAll('[data-testid="class-column"]').map((c) => c.text())).toEqual(['setosa', 'virginica']);
    const rows = wrapper.findAll('[data-testid="class-coefficient-row"]');
    expect(rows.map((r) => r.find('td').text())).toEqual(['petal', 'sepal']);
    expect(rows[1]?.findAll('td')[2]?.text()).toBe('0');
  });
});
