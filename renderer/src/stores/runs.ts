// Training runs: starting and cancelling, the live curve from progress events, the finished record,
// and the list of the project's runs with the curve of the one selected.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { EpochMetrics, RunRecord, RunSpecInput } from '../../../shared/domain';
import { useErrorStore } from './errors';
import { useProjectStore } from './project';
import { useSessionStore } from './session';

/** Adds an epoch to a curve, replacing a repeated epoch number rather than drawing it twice. */
export function withEpoch(curve: EpochMetrics[], epoch: EpochMetrics): EpochMetrics[] {
  return appendEpoch([...curve], epoch);
}

/** Like withEpoch, but mutates `curve` (which the caller owns) and returns it. */
function appendEpoch(curve: EpochMetrics[], epoch: EpochMetrics): EpochMetrics[] {
  const last = curve[curve.length - 1];
  if (!last || last.epoch < epoch.epoch) {
    curve.push(epoch);
    return curve;
  }
  const kept = curve.filter((e) => e.epoch !== epoch.epoch);
  kept.push(epoch);
  return kept.sort((a, b) => a.epoch - b.epoch);
}

/**
 * Fast runs report thousands of epochs a second; redrawing on each would starve the page (and
 * copying the curve per event is quadratic). Events are buffered and applied in batches.
 */
export const PROGRESS_BATCH_MS = 100;

export const useRunStore = defineStore('runs', () => {
  const project = useProjectStore();
  const runs = ref<RunRecord[]>([]);
  // Shallow: curves are replaced, never edited in place, and deep proxies would slow long runs.
  const progress = shallowRef<Record<string, EpochMetrics[]>>({});
  const finished = ref<Record<string, RunRecord>>({});
  const activeRunId = ref<string | null>(null);
  const activeEpochs = ref(0);
  const starting = ref(false);
  const cancelling = ref(false);
  const selectedRunId = ref<string | null>(null);
  const selectedCurve = shallowRef<EpochMetrics[]>([]);

  const activeCurve = computed<EpochMetrics[]>(() => (activeRunId.value ? (progress.value[activeRunId.value] ?? []) : []));
  const activeResult = computed<RunRecord | null>(() =>
    activeRunId.value ? (finished.value[activeRunId.value] ?? null) : null,
  );
  const training = computed(() => activeRunId.value !== null && activeResult.value === null);
  const selectedRun = computed<RunRecord | null>(() => runs.value.find((r) => r.id === selectedRunId.value) ?? null);

  watch(
    () => project.current?.path,
    (path) => {
      runs.value = [];
      selectedRunId.value = null;
      selectedCurve.value = [];
      if (!training.value) activeRunId.value = null;
      if (path) void refresh();
    },
    { immediate: true },
  );

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
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const next = { ...progress.value };
    let selected: EpochMetrics[] | null = null;
    // Each array is copied once per batch (so earlier snapshots stay intact), then appended to.
    for (const { runId, epoch } of batch) {
      const current = next[runId];
      next[runId] = appendEpoch(current === undefined || current === progress.value[runId] ? [...(current ?? [])] : current, epoch);
      if (runId === selectedRunId.value) selected = appendEpoch(selected ?? [...selectedCurve.value], epoch);
    }
    progress.value = next;
    if (selected) selectedCurve.value = selected;
  }

  function onFinished(payload: { run: RunRecord }): void {
    flushProgress();
    const run = payload.run;
    finished.value = { ...finished.value, [run.id]: run };
    upsert(run);
    if (run.id === activeRunId.value) cancelling.value = false;
    if (run.id === selectedRunId.value) void loadCurve(run.id);
    // Progress events may skip iterations (fast solvers report every few); the log has them all.
    if (progress.value[run.id]) void loadFullCurve(run.id);
  }

  async function loadFullCurve(runId: string): Promise<void> {
    try {
      const curve = await useSessionStore().lab().invoke('run:metrics', { runId });
      progress.value = { ...progress.value, [runId]: curve };
    } catch (err) {
      useErrorStore().report(err, 'Reading the run’s metrics');
    }
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
    } catch (err) {
      useErrorStore().report(err, 'Listing runs');
    }
  }

  async function start(spec: RunSpecInput): Promise<string | null> {
    starting.value = true;
    try {
      const { runId } = await useSessionStore().lab().invoke('run:start', spec);
      // Progress may have arrived before the reply; keep what is there.
      progress.value = { ...progress.value, [runId]: progress.value[runId] ?? [] };
      activeRunId.value = runId;
      activeEpochs.value = spec.epochs;
      void refresh();
      return runId;
    } catch (err) {
      useErrorStore().report(err, 'Starting training');
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
      useErrorStore().report(err, 'Cancelling training');
    }
  }

  async function loadCurve(runId: string): Promise<void> {
    try {
      const curve = await useSessionStore().lab().invoke('run:metrics', { runId });
      if (selectedRunId.value === runId) selectedCurve.value = curve;
    } catch (err) {
      useErrorStore().report(err, 'Reading the run’s metrics');
    }
  }

  async function select(runId: string): Promise<void> {
    selectedRunId.value = runId;
    selectedCurve.value = progress.value[runId] ?? [];
    await loadCurve(runId);
  }

  return {
    runs,
    progress,
    finished,
    activeRunId,
    activeEpochs,
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
    cancel,
    select,
    onProgress,
    onFinished,
    flushProgress,
  };
});
