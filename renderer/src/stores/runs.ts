// Training runs: starting and cancelling, live progress, the finished record, and the project's runs
// with the one selected. Curves live in the metrics store (one cache for every view).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { EpochMetrics, RunRecord, RunSpecInput } from '../../../shared/domain';
import { useErrorStore } from './errors';
import { appendEpoch, useMetricsStore } from './metrics';
import { useSessionStore } from './session';

/** Adds an epoch to a curve, replacing a repeated epoch number rather than drawing it twice. */
export function withEpoch(curve: EpochMetrics[], epoch: EpochMetrics): EpochMetrics[] {
  return appendEpoch([...curve], epoch);
}

/**
 * Fast runs report thousands of epochs a second; redrawing on each would starve the page (and
 * copying the curve per event is quadratic). Events are buffered and applied in batches.
 */
export const PROGRESS_BATCH_MS = 100;

export const useRunStore = defineStore('runs', () => {
  const metrics = useMetricsStore();
  const runs = ref<RunRecord[]>([]);
  const finished = ref<Record<string, RunRecord>>({});
  const activeRunId = ref<string | null>(null);
  /** The dataset the active run trains on, so the training panel shows it only beside that dataset. */
  const activeDatasetId = ref<string | null>(null);
  const activeEpochs = ref(0);
  const activeExact = ref(false);
  const starting = ref(false);
  const cancelling = ref(false);
  const selectedRunId = ref<string | null>(null);

  const progress = computed(() => metrics.curves);
  const activeCurve = computed<EpochMetrics[]>(() => metrics.curveOf(activeRunId.value));
  const activeResult = computed<RunRecord | null>(() =>
    activeRunId.value ? (finished.value[activeRunId.value] ?? null) : null,
  );
  const training = computed(() => activeRunId.value !== null && activeResult.value === null);
  const selectedRun = computed<RunRecord | null>(() => runs.value.find((r) => r.id === selectedRunId.value) ?? null);
  const selectedCurve = computed<EpochMetrics[]>(() => metrics.curveOf(selectedRunId.value));

  let pending: { runId: string; epoch: EpochMetrics }[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;

  function onProgress(payload: { runId: string; epoch: EpochMetrics }): void {
    pending.push(payload);
    flushTimer ??= setTimeout(flushProgress, PROGRESS_BATCH_MS);
  }

  /** Applies buffered progress events now (also called before a run's end is shown). */
  function flushProgress(): void {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
    const batch = pending;
    pending = [];
    metrics.appendLive(batch);
  }

  function onFinished(payload: { run: RunRecord }): void {
    flushProgress();
    const run = payload.run;
    finished.value = { ...finished.value, [run.id]: run };
    upsert(run);
    if (run.id === activeRunId.value) cancelling.value = false;
    // Progress events may skip iterations (fast solvers report every few); the log has them all.
    if (metrics.curves[run.id] || run.id === selectedRunId.value) void metrics.ensure(run.id, run.status);
  }

  function upsert(run: RunRecord): void {
    const index = runs.value.findIndex((r) => r.id === run.id);
    if (index >= 0) runs.value = runs.value.map((r) => (r.id === run.id ? run : r));
    else runs.value = [run, ...runs.value];
  }

  /** Subscribes to the engine's training events; returns the unsubscribe. */
  function listen(): () => void {
    const lab = useSessionStore().lab();
    const offProgress = lab.on('training:progress', onProgress);
    const offFinished = lab.on('training:finished', onFinished);
    return () => {
      offProgress();
      offFinished();
    };
  }

  async function refresh(): Promise<void> {
    try {
      const list = await useSessionStore().lab().invoke('run:list', {});
      // Newest first; the engine's createdAt is ISO-8601 so strings sort as times.
      runs.value = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      useErrorStore().resolve('runs');
    } catch (err) {
      useErrorStore().report(err, 'Listing runs', { scope: 'runs' });
    }
  }

  /** Follows a run the engine started (from the form, or from a sweep at a chosen λ). */
  function track(runId: string, spec: RunSpecInput): void {
    activeRunId.value = runId;
    activeDatasetId.value = spec.datasetId;
    activeEpochs.value = spec.epochs;
    activeExact.value = spec.model?.kind !== 'mlp' && spec.solver !== 'gradient';
    void refresh();
  }

  async function start(spec: RunSpecInput, scope: 'train' | 'sweep' = 'train'): Promise<string | null> {
    starting.value = true;
    const errors = useErrorStore();
    try {
      const { runId } = await useSessionStore().lab().invoke('run:start', spec);
      track(runId, spec);
      errors.resolve(scope);
      return runId;
    } catch (err) {
      errors.report(err, 'Starting training', { scope });
      return null;
    } finally {
      starting.value = false;
    }
  }

  async function cancel(): Promise<void> {
    const runId = activeRunId.value;
    if (!runId || !training.value) return;
    cancelling.value = true;
    try {
      await useSessionStore().lab().invoke('run:cancel', { runId });
    } catch (err) {
      cancelling.value = false;
      useErrorStore().report(err, 'Cancelling training', { scope: 'train' });
    }
  }

  async function select(runId: string | null): Promise<void> {
    selectedRunId.value = runId;
    const run = runs.value.find((r) => r.id === runId);
    if (run) await metrics.ensure(run.id, run.status);
  }

  /**
   * Continues an interrupted (or cancelled, or failed) run from its last checkpoint under the same
   * id; its curve is read again from the log, which the engine cut back to the checkpoint.
   */
  async function resume(run: RunRecord): Promise<void> {
    starting.value = true;
    try {
      await useSessionStore().lab().invoke('run:resume', { runId: run.id });
      const { [run.id]: _old, ...rest } = finished.value;
      finished.value = rest;
      metrics.forget(run.id);
      track(run.id, run.spec);
      void metrics.ensure(run.id, 'running');
      useErrorStore().resolve('runs');
    } catch (err) {
      useErrorStore().report(err, 'Resuming the run', { scope: 'runs' });
    } finally {
      starting.value = false;
    }
  }

  /** A new run with the same settings as `run`; the new one is selected. */
  async function retry(run: RunRecord): Promise<void> {
    starting.value = true;
    try {
      const { runId } = await useSessionStore().lab().invoke('run:retry', { runId: run.id });
      track(runId, run.spec);
      selectedRunId.value = runId;
      useErrorStore().resolve('runs');
    } catch (err) {
      useErrorStore().report(err, 'Retrying the run', { scope: 'runs' });
    } finally {
      starting.value = false;
    }
  }

  /** Drops a run the engine deleted (or puts back a renamed one). */
  function remove(runId: string): void {
    runs.value = runs.value.filter((r) => r.id !== runId);
    if (selectedRunId.value === runId) selectedRunId.value = null;
    metrics.forget(runId);
  }

  /** Another project: nothing of the old one may show. A run still training keeps its panel. */
  function reset(): void {
    runs.value = [];
    selectedRunId.value = null;
    if (!training.value) {
      activeRunId.value = null;
      activeDatasetId.value = null;
    }
  }

  return {
    runs,
    progress,
    finished,
    activeRunId,
    activeDatasetId,
    activeEpochs,
    activeExact,
    activeCurve,
    activeResult,
    training,
    starting,
    cancelling,
    selectedRunId,
    selectedRun,
    selectedCurve,
    listen,
    refresh,
    start,
    track,
    cancel,
    select,
    upsert,
    remove,
    reset,
    onProgress,
    onFinished,
    flushProgress,
    resume,
    retry,
  };
});
