// @vitest-environment happy-dom
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { EpochMetrics, ProjectSummary } from '../../../shared/domain';
import { useDatasetStore } from '../../../renderer/src/stores/datasets';
import { useComparisonStore } from '../../../renderer/src/stores/comparison';
import { useErrorStore } from '../../../renderer/src/stores/errors';
import { useMetricsStore } from '../../../renderer/src/stores/metrics';
import { usePredictionStore } from '../../../renderer/src/stores/predictions';
import { usePreviewStore } from '../../../renderer/src/stores/preview';
import { useProjectStore } from '../../../renderer/src/stores/project';
import { useRunFormStore } from '../../../renderer/src/stores/runForm';
import { useRunStore } from '../../../renderer/src/stores/runs';
import { useSessionStore } from '../../../renderer/src/stores/session';
import { createFakeLab, dataset, fail, runRecord, type FakeHandlers, type FakeLab } from './fakeLab';

const project: ProjectSummary = { name: 'Houses', path: '/engine/given/Houses', datasets: [] };
const page = { offset: 0, rows: [['1', '52.5', null, 'x', '100']], total: 1 };

function epoch(n: number, loss: number): EpochMetrics {
  return { epoch: n, loss, valLoss: loss * 1.1, epochMs: 3 };
}

/** Flushes the promise chains a store action starts without awaiting (refreshes, follow-up reads). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

function attach(handlers: FakeHandlers): FakeLab {
  const lab = createFakeLab(handlers);
  useSessionStore().attach(lab);
  return lab;
}

beforeEach(() => {
  setActivePinia(createPinia());
});

describe('session', () => {
  it('loads what the engine says about itself', async () => {
    attach({ 'app:info': () => ({ version: '1.2.3', mode: 'browser', backend: { name: 'wasm', native: false, note: 'slower' }, canUseDialogs: false }) });
    const session = useSessionStore();
    session.setConnection('ready');
    await session.loadInfo();
    expect(session.ready).toBe(true);
    expect(session.info?.backend.name).toBe('wasm');
    expect(session.canUseDialogs).toBe(false);
  });

  it('keeps the reason when the connection drops', () => {
    const session = useSessionStore();
    session.setConnection('disconnected', 'server closed');
    expect(session.ready).toBe(false);
    expect(session.disconnectReason).toBe('server closed');
  });
});

describe('project', () => {
  it('creates a project by name and opens recent ones by the path the engine gave', async () => {
    const lab = attach({
      'project:create': ({ name }) => ({ ...project, name }),
      'project:recent': () => [{ name: 'Old', path: '/engine/given/Old', openedAt: '2026-11-01T00:00:00Z' }],
      'project:open': ({ path }) => ({ ...project, name: 'Old', path }),
    });
    const store = useProjectStore();
    expect(await store.create('Houses')).toBe(true);
    expect(store.current?.name).toBe('Houses');

    await store.loadRecent();
    const recent = store.recent[0];
    expect(recent).toBeDefined();
    await store.open(recent!);
    expect(lab.calls).toContainEqual({ channel: 'project:open', payload: { path: '/engine/given/Old' } });
    expect(store.current?.path).toBe('/engine/given/Old');
  });

  it('shows the engine’s refusal and stays on the picker', async () => {
    attach({ 'project:create': () => fail('A project named "Houses" already exists') });
    const store = useProjectStore();
    expect(await store.create('Houses')).toBe(false);
    expect(store.current).toBeNull();
    const errors = useErrorStore();
    expect(errors.items).toHaveLength(1);
    expect(errors.items[0]?.detail.message).toContain('already exists');
    expect(errors.items[0]?.action).toContain('Houses');
    errors.dismiss(errors.items[0]!.id);
    expect(errors.items).toHaveLength(0);
  });
});

describe('datasets', () => {
  it('uploads a picked file as bytes, adds the dataset and fetches its first rows', async () => {
    const lab = attach({
      'project:create': () => project,
      'run:list': () => [],
      'dataset:import': ({ uploadId }) => dataset({ sourceFile: lab.uploads.get(uploadId)!.name }),
      'dataset:preview': () => page,
    });
    await useProjectStore().create('Houses');
    const store = useDatasetStore();
    const file = new File(['a;b\n1;2\n'], 'houses.csv', { type: 'text/csv' });
    expect(await store.importFile(file)).toBe(true);

    const request = lab.calls.find((c) => c.channel === 'dataset:import')?.payload as { uploadId: string };
    expect(lab.uploads.get(request.uploadId)).toEqual({ name: 'houses.csv', text: 'a;b\n1;2\n' });
    expect(useProjectStore().datasets.map((d) => d.id)).toEqual(['ds-1']);
    expect(store.selected?.sourceFile).toBe('houses.csv');
    const preview = usePreviewStore();
    await settle();
    expect(preview.row(0)).toEqual(page.rows[0]);
    expect(lab.calls.at(-1)).toEqual({ channel: 'dataset:preview', payload: { datasetId: 'ds-1', offset: 0, limit: 200 } });
  });

  it('names the file in the error even when the engine’s message does not', async () => {
    attach({ 'project:create': () => project, 'run:list': () => [], 'dataset:import': () => fail('The file is empty.') });
    await useProjectStore().create('Houses');
    const ok = await useDatasetStore().importFile(new File([''], 'empty.csv'));
    expect(ok).toBe(false);
    const shown = useErrorStore().items[0];
    expect(shown?.detail).toMatchObject({ message: 'The file is empty.', file: 'empty.csv' });
    expect(useProjectStore().datasets).toHaveLength(0);
  });

  it('keeps the row and column an engine error names', async () => {
    attach({
      'project:create': () => project,
      'run:list': () => [],
      'dataset:import': () => fail('Unclosed quote', { file: 'bad.csv', row: 17, column: 'price' }),
    });
    await useProjectStore().create('Houses');
    await useDatasetStore().importFile(new File(['"'], 'bad.csv'));
    expect(useErrorStore().items[0]?.detail).toMatchObject({ file: 'bad.csv', row: 17, column: 'price' });
  });

  it('selects the newest dataset of a project that is opened', async () => {
    attach({
      'project:create': () => ({ ...project, datasets: [dataset({ id: 'old' }), dataset({ id: 'new' })] }),
      'run:list': () => [],
      'dataset:preview': () => page,
    });
    await useProjectStore().create('Houses');
    await nextTick();
    expect(useDatasetStore().selectedId).toBe('new');
  });
});

describe('training runs', () => {
  async function withDataset(handlers: FakeHandlers): Promise<FakeLab> {
    const lab = attach({
      'project:create': () => ({ ...project, datasets: [dataset()] }),
      'dataset:preview': () => page,
      'run:list': () => [],
      ...handlers,
    });
    useRunStore().listen();
    await useProjectStore().create('Houses');
    await nextTick();
    return lab;
  }

  it('submits the form as a RunSpec, draws progress as it arrives and shows the finished record', async () => {
    const finished = runRecord({ id: 'run-7', loss: { data: 0.1, penalty: 0.02, total: 0.12 }, sparsity: { weights: 2, zeros: 1 } });
    const lab = await withDataset({
      'run:start': () => ({ runId: 'run-7' }),
      'run:metrics': () => [epoch(1, 3), epoch(2, 2), epoch(3, 1)],
    });
    const form = useRunFormStore();
    form.form.regularizer = 'l1';
    form.form.lambda1 = 0.1;
    form.form.epochs = 3;
    expect(await form.submit()).toBe('run-7');

    const spec = lab.calls.find((c) => c.channel === 'run:start')?.payload;
    expect(spec).toMatchObject({ datasetId: 'ds-1', target: 'price', features: ['area', 'rooms'], regularizer: { kind: 'l1', l1: 0.1 }, epochs: 3 });

    const runs = useRunStore();
    expect(runs.training).toBe(true);
    lab.emit('training:progress', { runId: 'run-7', epoch: epoch(1, 3) });
    lab.emit('training:progress', { runId: 'run-7', epoch: epoch(3, 1) });
    lab.emit('training:progress', { runId: 'other', epoch: epoch(1, 9) });
    runs.flushProgress();
    expect(runs.activeCurve.map((e) => e.epoch)).toEqual([1, 3]);

    lab.emit('training:finished', { run: finished });
    expect(runs.training).toBe(false);
    expect(runs.activeResult?.loss?.total).toBe(0.12);
    expect(runs.runs.map((r) => r.id)).toContain('run-7');
    await settle();
    // The log has every epoch, including ones the live events skipped.
    expect(runs.activeCurve.map((e) => e.epoch)).toEqual([1, 2, 3]);
  });

  it('keeps progress that arrives before run:start replies', async () => {
    const box: { lab?: FakeLab } = {};
    box.lab = await withDataset({
      'run:start': () => {
        box.lab?.emit('training:progress', { runId: 'early', epoch: epoch(1, 5) });
        return { runId: 'early' };
      },
    });
    await useRunFormStore().submit();
    useRunStore().flushProgress();
    expect(useRunStore().activeCurve).toHaveLength(1);
  });

  it('does not start when the form is invalid, and shows the engine’s refusal when it is not', async () => {
    const lab = await withDataset({ 'run:start': () => fail('Column “price” is constant; there is nothing to learn.', { column: 'price' }) });
    const form = useRunFormStore();
    form.form.solver = 'gradient'; // epochs mean something only to gradient training
    for (const epochs of [0, 200_000]) {
      // Both are refused by the contract's schema, so the form refuses them before asking the engine.
      form.form.epochs = epochs;
      expect(await form.submit()).toBeNull();
      expect(form.errors.epochs).toBeDefined();
    }
    expect(lab.calls.some((c) => c.channel === 'run:start')).toBe(false);

    form.form.epochs = 20;
    expect(await form.submit()).toBeNull();
    const shown = useErrorStore().inScope('train')[0];
    expect(shown?.detail).toMatchObject({ column: 'price' });
    // Fixing the cause clears the error beside the Train button.
    lab.calls.length = 0;
    expect(useRunStore().training).toBe(false);
  });

  it('clears the training error once a run starts', async () => {
    let refuse = true;
    await withDataset({ 'run:start': () => (refuse ? fail('No rows left after dropping missing values.') : { runId: 'ok' }) });
    const form = useRunFormStore();
    await form.submit();
    expect(useErrorStore().inScope('train')).toHaveLength(1);
    refuse = false;
    expect(await form.submit()).toBe('ok');
    expect(useErrorStore().inScope('train')).toHaveLength(0);
  });

  it('applies a flood of progress events in one batch, in order, without repeating an epoch', async () => {
    const lab = await withDataset({ 'run:start': () => ({ runId: 'fast' }) });
    await useRunFormStore().submit();
    const runs = useRunStore();
    for (let n = 1; n <= 5000; n++) lab.emit('training:progress', { runId: 'fast', epoch: epoch(n, 1 / n) });
    lab.emit('training:progress', { runId: 'fast', epoch: epoch(5000, 0.5) });
    expect(runs.activeCurve).toHaveLength(0); // nothing redrawn per event
    runs.flushProgress();
    expect(runs.activeCurve).toHaveLength(5000);
    expect(runs.activeCurve.at(-1)).toMatchObject({ epoch: 5000, loss: 0.5 });
    const before = runs.activeCurve;
    lab.emit('training:progress', { runId: 'fast', epoch: epoch(5001, 0.1) });
    runs.flushProgress();
    expect(before).toHaveLength(5000); // earlier snapshots are never edited
    expect(runs.activeCurve).toHaveLength(5001);
  });

  it('cancels the active run', async () => {
    const lab = await withDataset({ 'run:start': () => ({ runId: 'r' }), 'run:cancel': () => null });
    await useRunFormStore().submit();
    const runs = useRunStore();
    await runs.cancel();
    expect(lab.calls.at(-1)).toEqual({ channel: 'run:cancel', payload: { runId: 'r' } });
    expect(runs.cancelling).toBe(true);
  });

  it('resumes an interrupted run under its id with the curve cut back to the checkpoint; retries as a new run', async () => {
    let log = [epoch(1, 5), epoch(2, 4), epoch(3, 3), epoch(4, 2)];
    const interrupted = runRecord({ id: 'a', status: 'interrupted', epochsRun: 4, checkpoint: { epoch: 2, savedAt: '2026-11-26T08:11:00Z' } });
    const lab = await withDataset({
      'run:list': () => [interrupted],
      'run:metrics': () => log,
      'run:resume': ({ runId }) => {
        log = log.slice(0, 2); // the engine cuts metrics.jsonl back to the checkpoint
        return { runId };
      },
      'run:retry': () => ({ runId: 'b' }),
    });
    const runs = useRunStore();
    await runs.refresh();
    await runs.select('a');
    expect(runs.selectedCurve).toHaveLength(4);
    runs.onFinished({ run: interrupted });

    await runs.resume(interrupted);
    await settle();
    expect(lab.calls.some((c) => c.channel === 'run:resume')).toBe(true);
    expect(runs.activeRunId).toBe('a');
    expect(runs.training).toBe(true); // the old finished record no longer ends it
    expect(runs.selectedCurve.map((e) => e.epoch)).toEqual([1, 2]);
    lab.emit('training:progress', { runId: 'a', epoch: epoch(3, 2.5) });
    runs.flushProgress();
    expect(runs.selectedCurve.map((e) => e.epoch)).toEqual([1, 2, 3]);

    await runs.retry(interrupted);
    expect(lab.calls.at(-2)).toEqual({ channel: 'run:retry', payload: { runId: 'a' } });
    expect(runs.activeRunId).toBe('b');
    expect(runs.selectedRunId).toBe('b');
  });

  it('shows a refused resume beside the run', async () => {
    await withDataset({ 'run:resume': () => fail('Run 1 has no checkpoint to resume from; use Retry.') });
    await useRunStore().resume(runRecord({ status: 'interrupted' }));
    expect(useErrorStore().inScope('runs').map((e) => e.detail.message)).toEqual(['Run 1 has no checkpoint to resume from; use Retry.']);
  });

  it('lists runs newest first and loads the curve of the one selected', async () => {
    const lab = await withDataset({
      'run:list': () => [runRecord({ id: 'a', createdAt: '2026-11-26T08:00:00Z' }), runRecord({ id: 'b', createdAt: '2026-11-26T09:00:00Z' })],
      'run:metrics': ({ runId }) => (runId === 'a' ? [epoch(1, 2), epoch(2, 1)] : []),
    });
    const runs = useRunStore();
    await runs.refresh();
    expect(runs.runs.map((r) => r.id)).toEqual(['b', 'a']);
    await runs.select('a');
    expect(runs.selectedRun?.id).toBe('a');
    expect(runs.selectedCurve).toHaveLength(2);
    expect(lab.calls.at(-1)).toEqual({ channel: 'run:metrics', payload: { runId: 'a' } });
  });

  it('reads a run’s metrics once however many views show it, and forgets everything with the project', async () => {
    const lab = await withDataset({
      'run:list': () => [runRecord({ id: 'a' }), runRecord({ id: 'b' })],
      'run:metrics': () => [epoch(1, 2), epoch(2, 1)],
      'project:close': () => null,
      'project:recent': () => [],
    });
    const runs = useRunStore();
    await runs.refresh();
    const comparison = useComparisonStore();
    await runs.select('a');
    comparison.toggle('a');
    comparison.toggle('b');
    await settle();
    await runs.select('a');
    const reads = lab.calls.filter((c) => c.channel === 'run:metrics').map((c) => (c.payload as { runId: string }).runId);
    expect(reads.sort()).toEqual(['a', 'b']);
    expect(comparison.curveOf('a')).toBe(runs.selectedCurve);

    await useProjectStore().close();
    expect(runs.runs).toEqual([]);
    expect(runs.selectedRun).toBeNull();
    expect(comparison.selectedIds).toEqual([]);
    expect(useMetricsStore().curves).toEqual({});
    expect(useDatasetStore().selected).toBeNull();
  });

  it('moves the old target back into the features when the target changes', async () => {
    await withDataset({});
    const form = useRunFormStore();
    form.setTarget('area');
    expect(form.form.target).toBe('area');
    expect(form.form.features).toEqual(['rooms', 'price']);
  });
});

describe('predictions', () => {
  it('uploads the new spreadsheet for a run, keeps where the engine wrote the predictions, and saves them', async () => {
    const lab = attach({
      'run:predict': ({ uploadId }) => ({
        fileName: `${lab.uploads.get(uploadId)!.name}.predictions.csv`,
        output: { outputId: 'o-1', fileName: 'next.csv.predictions.csv' },
        header: ['a', 'prediction'],
        preview: [[1, 0.5]],
        rows: 2,
        predicted: 2,
        skipped: [],
      }),
      'output:save': ({ outputId }) => ({ downloadUrl: `/download/${outputId}` }),
    });
    const store = usePredictionStore();
    const result = await store.predict('run-1', new File(['a\n1\n2\n'], 'next.csv'));
    expect(result).toMatchObject({ runId: 'run-1', predicted: 2, output: { outputId: 'o-1' } });
    const sent = lab.calls.find((c) => c.channel === 'run:predict')?.payload as { runId: string; uploadId: string };
    expect(sent.runId).toBe('run-1');
    expect(lab.uploads.get(sent.uploadId)?.text).toBe('a\n1\n2\n');
    expect(store.byRun['run-1']?.fileName).toBe('next.csv.predictions.csv');
    expect(store.busyRunId).toBeNull();
    expect(await store.save('run-1')).toEqual({ downloadUrl: '/download/o-1' });
  });

  it('asks for full precision when chosen and follows the engine\'s progress for that run while it predicts', async () => {
    const seen: (string | null)[] = [];
    const lab = attach({
      'run:predict': () => {
        const store = usePredictionStore();
        lab.emit('predict:progress', { runId: 'other-run', fileName: 'x.csv', phase: 'predicting', fraction: 0.9, rowsDone: 9, rows: 10 });
        seen.push(store.progress?.phase ?? null);
        lab.emit('predict:progress', { runId: 'run-1', fileName: 'next.csv', phase: 'reading', fraction: 1 });
        seen.push(store.progress?.phase ?? null);
        lab.emit('predict:progress', { runId: 'run-1', fileName: 'next.csv', phase: 'predicting', fraction: 0.5, rowsDone: 1, rows: 2 });
        seen.push(`${store.progress?.rowsDone} of ${store.progress?.rows}`);
        return { fileName: 'next.predictions.csv', output: { outputId: 'o-1', fileName: 'next.predictions.csv' }, header: ['a', 'prediction'], preview: [], rows: 2, predicted: 2, skipped: [] };
      },
    });
    const store = usePredictionStore();
    await store.predict('run-1', new File(['a\n1\n2\n'], 'next.csv'), { fullPrecision: true });
    expect((lab.calls.find((c) => c.channel === 'run:predict')?.payload as { fullPrecision?: boolean }).fullPrecision).toBe(true);
    expect(seen).toEqual([null, 'reading', '1 of 2']); // another run's progress is not this one's
    expect(store.progress).toBeNull(); // cleared when the request ends
    await store.predict('run-1', new File(['a\n1\n'], 'next.csv'));
    expect(lab.calls.filter((c) => c.channel === 'run:predict').at(-1)?.payload).not.toHaveProperty('fullPrecision');
  });

  it('shows a refusal with the file it is about', async () => {
    attach({ 'run:predict': () => fail('Column "b" is missing', { column: 'b' }) });
    expect(await usePredictionStore().predict('run-1', new File(['a\n1\n'], 'next.csv'))).toBeNull();
    expect(useErrorStore().items[0]?.detail).toMatchObject({ message: 'Column "b" is missing', file: 'next.csv', column: 'b' });
  });
});
