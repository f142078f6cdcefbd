// One cache for every run's per-epoch log: the training panel, the run detail and the comparison
// all read curves from here, so a run's metrics are fetched once (and once more after it finishes,
// since live progress may skip iterations) instead of once per view.
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { EpochMetrics, RunStatus } from '../../../shared/domain';
import { useErrorStore } from './errors';
import { useSessionStore } from './session';

/** Adds an epoch to a curve the caller owns, replacing a repeated epoch number. */
export function appendEpoch(curve: EpochMetrics[], epoch: EpochMetrics): EpochMetrics[] {
  const last = curve[curve.length - 1];
  if (!last || last.epoch < epoch.epoch) {
    curve.push(epoch);
    return curve;
  }
  const kept = curve.filter((e) => e.epoch !== epoch.epoch);
  kept.push(epoch);
  return kept.sort((a, b) => a.epoch - b.epoch);
}

export const useMetricsStore = defineStore('metrics', () => {
  // Shallow: curves are replaced, never edited in place, and deep proxies would slow long runs.
  const curves = shallowRef<Record<string, EpochMetrics[]>>({});
  // The run status each cached log was read at; a run read while running is read again when done.
  const readAt = new Map<string, RunStatus>();
  const reading = new Map<string, Promise<void>>();
  let generation = 0;

  function curveOf(runId: string | null | undefined): EpochMetrics[] {
    return runId ? (curves.value[runId] ?? []) : [];
  }

  /** Live epochs, applied in one batch (each curve copied once so earlier snapshots stay intact). */
  function appendLive(batch: { runId: string; epoch: EpochMetrics }[]): void {
    if (batch.length === 0) return;
    const next = { ...curves.value };
    const copied = new Set<string>();
    for (const { runId, epoch } of batch) {
      let curve = next[runId] ?? [];
      if (!copied.has(runId)) {
        curve = [...curve];
        copied.add(runId);
      }
      next[runId] = appendEpoch(curve, epoch);
    }
    curves.value = next;
  }

  /** Makes sure the log of `runId` as of `status` is cached; concurrent callers share one read. */
  function ensure(runId: string, status: RunStatus): Promise<void> {
    if (readAt.get(runId) === status) return Promise.resolve();
    const key = `${runId}:${status}`;
    const busy = reading.get(key);
    if (busy) return busy;
    const startedIn = generation;
    const read = (async () => {
      try {
        const curve = await useSessionStore().lab().invoke('run:metrics', { runId });
        if (startedIn !== generation) return; // another project was opened meanwhile
        curves.value = { ...curves.value, [runId]: curve };
        readAt.set(runId, status);
      } catch (err) {
        useErrorStore().report(err, 'Reading the run’s metrics', { scope: 'runs' });
      } finally {
        reading.delete(key);
      }
    })();
    reading.set(key, read);
    return read;
  }

  function forget(runId: string): void {
    readAt.delete(runId);
    const next = { ...curves.value };
    delete next[runId];
    curves.value = next;
  }

  function reset(): void {
    generation++;
    curves.value = {};
    readAt.clear();
    reading.clear();
  }

  return { curves, curveOf, appendLive, ensure, forget, reset };
});
