// Regularization paths: start one from the model form, watch its points arrive, list past sweeps.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { SweepPoint, SweepRecord, SweepSpecInput } from '../../../shared/domain';
import { runSpecAt } from '../model/sweep';
import { toUserError, useErrorStore } from './errors';
import { useRunStore } from './runs';
import { useSessionStore } from './session';

export interface SweepProgress {
  points: SweepPoint[];
  done: number;
  total: number;
}

export const useSweepStore = defineStore('sweeps', () => {
  const sweeps = ref<SweepRecord[]>([]);
  const progress = shallowRef<Record<string, SweepProgress>>({});
  const activeSweepId = ref<string | null>(null);
  const selectedSweepId = ref<string | null>(null);
  const starting = ref(false);
  /** The dataset the active sweep runs on: the training view shows it only beside that dataset. */
  const activeDatasetId = ref<string | null>(null);

  const activeRecord = computed(() => sweeps.value.find((s) => s.id === activeSweepId.value) ?? null);
  const sweeping = computed(() => activeSweepId.value !== null && activeRecord.value?.status !== 'completed' && activeRecord.value?.status !== 'failed' && activeRecord.value?.status !== 'cancelled');
  const selected = computed(() => sweeps.value.find((s) => s.id === selectedSweepId.value) ?? null);

  /** Another project: nothing of the old one may show. */
  function reset(): void {
    sweeps.value = [];
    progress.value = {};
    selectedSweepId.value = null;
    activeSweepId.value = null;
  }

  function remove(sweepId: string): void {
    sweeps.value = sweeps.value.filter((s) => s.id !== sweepId);
    if (selectedSweepId.value === sweepId) selectedSweepId.value = null;
    if (activeSweepId.value === sweepId) activeSweepId.value = null;
  }

  function upsert(sweep: SweepRecord): void {
    const others = sweeps.value.filter((s) => s.id !== sweep.id);
    sweeps.value = [sweep, ...others].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  function listen(): () => void {
    const lab = useSessionStore().lab();
    const offProgress = lab.on('sweep:progress', ({ sweepId, point, done, total }) => {
      const current = progress.value[sweepId] ?? { points: [], done: 0, total };
      progress.value = { ...progress.value, [sweepId]: { points: [...current.points, point], done, total } };
    });
    const offFinished = lab.on('sweep:finished', ({ sweep }) => {
      upsert(sweep);
      if (sweep.id === activeSweepId.value || selectedSweepId.value === null) selectedSweepId.value = sweep.id;
    });
    return () => {
      offProgress();
      offFinished();
    };
  }

  async function refresh(): Promise<void> {
    try {
      const list = await useSessionStore().lab().invoke('sweep:list', {});
      sweeps.value = [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    } catch (err) {
      useErrorStore().report(err, 'Listing regularization paths', { scope: 'runs' });
    }
  }

  async function start(spec: SweepSpecInput): Promise<string | null> {
    starting.value = true;
    try {
      const { sweepId } = await useSessionStore().lab().invoke('sweep:start', spec);
      activeSweepId.value = sweepId;
      activeDatasetId.value = spec.base.datasetId;
      selectedSweepId.value = sweepId;
      useErrorStore().resolve('sweep');
      progress.value = { ...progress.value, [sweepId]: progress.value[sweepId] ?? { points: [], done: 0, total: Number(spec.steps) } };
      void refresh();
      return sweepId;
    } catch (err) {
      useErrorStore().report(err, 'Starting the λ sweep', { scope: 'sweep' });
      return null;
    } finally {
      starting.value = false;
    }
  }

  async function cancel(): Promise<void> {
    const sweepId = activeSweepId.value;
    if (!sweepId) return;
    try {
      await useSessionStore().lab().invoke('sweep:cancel', { sweepId });
    } catch (err) {
      useErrorStore().report(err, 'Cancelling the λ sweep', { scope: 'sweep' });
    }
  }

  /**
   * One click from a sweep to a model: trains a run with the sweep's settings at λ. The engine
   * does it (sweep:trainAt); an engine without that channel yet gets the same spec through run:start.
   */
  async function trainAt(sweepId: string, lambda: number): Promise<string | null> {
    const sweep = sweeps.value.find((s) => s.id === sweepId);
    if (!sweep) return null;
    const runs = useRunStore();
    const spec = runSpecAt(sweep.spec, lambda);
    try {
      const { runId } = await useSessionStore().lab().invoke('sweep:trainAt', { sweepId, lambda });
      runs.track(runId, spec);
      useErrorStore().resolve('sweep');
      return runId;
    } catch (err) {
      if (toUserError(err).code === 'not-implemented') return runs.start(spec, 'sweep');
      useErrorStore().report(err, `Training at λ = ${lambda}`, { scope: 'sweep' });
      return null;
    }
  }

  /** Points to draw for a sweep: the finished record's, else those streamed so far. */
  function pointsOf(sweepId: string): SweepPoint[] {
    const record = sweeps.value.find((s) => s.id === sweepId);
    if (record && record.points.length > 0) return record.points;
    return progress.value[sweepId]?.points ?? [];
  }

  return { trainAt, sweeps, progress, activeSweepId, activeDatasetId, selectedSweepId, reset, remove, upsert, selected, sweeping, starting, listen, refresh, start, cancel, pointsOf, select: (id: string) => (selectedSweepId.value = id) };
});
