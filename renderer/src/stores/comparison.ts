// Runs the analyst ticked to compare, in the order ticked. Their curves come from the metrics store.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { EpochMetrics, RunRecord } from '../../../shared/domain';
import { useMetricsStore } from './metrics';
import { useRunStore } from './runs';

export const useComparisonStore = defineStore('comparison', () => {
  const runStore = useRunStore();
  const metrics = useMetricsStore();
  const selectedIds = ref<string[]>([]);

  const runs = computed<RunRecord[]>(() =>
    selectedIds.value.map((id) => runStore.runs.find((r) => r.id === id)).filter((r): r is RunRecord => r !== undefined),
  );
  const comparing = computed(() => runs.value.length >= 2);

  // A run that finishes while ticked is read again, complete (the cache reads once per status).
  watch(
    () => runs.value.map((r) => `${r.id}:${r.status}`).join(','),
    () => {
      for (const r of runs.value) void metrics.ensure(r.id, r.status);
    },
  );

  function isSelected(runId: string): boolean {
    return selectedIds.value.includes(runId);
  }

  function toggle(runId: string): void {
    selectedIds.value = isSelected(runId) ? selectedIds.value.filter((id) => id !== runId) : [...selectedIds.value, runId];
  }

  function clear(): void {
    selectedIds.value = [];
  }

  function curveOf(runId: string): EpochMetrics[] {
    return metrics.curveOf(runId);
  }

  return { selectedIds, runs, comparing, isSelected, toggle, clear, reset: clear, curveOf };
});
