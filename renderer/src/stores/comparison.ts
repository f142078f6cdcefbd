// Runs the analyst ticked to compare: their order, and each one's full loss curve.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { EpochMetrics, RunRecord } from '../../../shared/domain';
import { useErrorStore } from './errors';
import { useProjectStore } from './project';
import { useRunStore } from './runs';
import { useSessionStore } from './session';

export const useComparisonStore = defineStore('comparison', () => {
  const project = useProjectStore();
  const runStore = useRunStore();
  const selectedIds = ref<string[]>([]);
  const curves = shallowRef<Record<string, EpochMetrics[]>>({});

  const runs = computed<RunRecord[]>(() =>
    selectedIds.value.map((id) => runStore.runs.find((r) => r.id === id)).filter((r): r is RunRecord => r !== undefined),
  );
  const comparing = computed(() => runs.value.length >= 2);

  watch(
    () => project.current?.path,
    () => {
      selectedIds.value = [];
      curves.value = {};
      curveStatus.clear();
    },
  );

  // Each selected run's curve is read from its log once per status, so a run that finishes while
  // selected is redrawn complete (progress events may skip iterations).
  const curveStatus = new Map<string, string>();
  watch(
    () => runs.value.map((r) => `${r.id}:${r.status}`).join(','),
    () => {
      for (const r of runs.value) {
        if (curveStatus.get(r.id) === r.status) continue;
        curveStatus.set(r.id, r.status);
        void loadCurve(r.id);
      }
    },
  );

  function isSelected(runId: string): boolean {
    return selectedIds.value.includes(runId);
  }

  function toggle(runId: string): void {
    if (isSelected(runId)) {
      selectedIds.value = selectedIds.value.filter((id) => id !== runId);
      return;
    }
    selectedIds.value = [...selectedIds.value, runId];
  }

  function clear(): void {
    selectedIds.value = [];
  }

  async function loadCurve(runId: string): Promise<void> {
    try {
      const curve = await useSessionStore().lab().invoke('run:metrics', { runId });
      curves.value = { ...curves.value, [runId]: curve };
    } catch (err) {
      useErrorStore().report(err, 'Reading the run’s metrics');
    }
  }

  /** The curve to draw: the log once read, else whatever arrived live. */
  function curveOf(runId: string): EpochMetrics[] {
    return curves.value[runId] ?? runStore.progress[runId] ?? [];
  }

  return { selectedIds, runs, comparing, curves, isSelected, toggle, clear, curveOf };
});
