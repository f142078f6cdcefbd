// A run's model exported as one package: the engine writes the .zip into the project's exports/
// folder and the page offers to save it (a dialog in the desktop app, a download in browser mode).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ExportFormat, ResponseOf } from '../../../shared/contract';
import { useErrorStore } from './errors';
import { useSessionStore } from './session';

export type RunExport = ResponseOf<'run:export'> & { runId: string };

export const useExportStore = defineStore('exports', () => {
  const byRun = ref<Record<string, RunExport>>({});
  const busyRunId = ref<string | null>(null);

  async function exportRun(runId: string, formats: ExportFormat[]): Promise<RunExport | null> {
    busyRunId.value = runId;
    try {
      const result = await useSessionStore().lab().invoke('run:export', { runId, formats });
      const done: RunExport = { ...result, runId };
      byRun.value = { ...byRun.value, [runId]: done };
      return done;
    } catch (err) {
      useErrorStore().report(err, 'Exporting the model', { scope: 'export' });
      return null;
    } finally {
      busyRunId.value = null;
    }
  }

  async function save(runId: string): Promise<ResponseOf<'output:save'>> {
    const done = byRun.value[runId];
    if (!done) return null;
    try {
      return await useSessionStore().lab().invoke('output:save', { outputId: done.output.outputId });
    } catch (err) {
      useErrorStore().report(err, `Saving ${done.output.fileName}`, { scope: 'export' });
      return null;
    }
  }

  function reset(): void {
    byRun.value = {};
  }

  return { byRun, busyRunId, exportRun, save, reset };
});
