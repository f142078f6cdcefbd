// Predictions for a new spreadsheet with a finished run's saved model. The file goes to the host as
// bytes; the engine writes the predictions (formula-injection safe) into the project and the page
// offers to save them (a dialog in the desktop app, a download in browser mode).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ResponseOf } from '../../../shared/contract';
import { useErrorStore } from './errors';
import { useSessionStore } from './session';

export type Prediction = ResponseOf<'run:predict'> & { runId: string };

export const usePredictionStore = defineStore('predictions', () => {
  const byRun = ref<Record<string, Prediction>>({});
  const busyRunId = ref<string | null>(null);

  async function predict(runId: string, file: File): Promise<Prediction | null> {
    busyRunId.value = runId;
    try {
      const lab = useSessionStore().lab();
      const uploadId = await lab.upload(file);
      const result = await lab.invoke('run:predict', { runId, uploadId });
      const prediction: Prediction = { ...result, runId };
      byRun.value = { ...byRun.value, [runId]: prediction };
      useErrorStore().resolve('predict');
      return prediction;
    } catch (err) {
      useErrorStore().report(err, `Predicting ${file.name}`, { file: file.name, scope: 'predict' });
      return null;
    } finally {
      busyRunId.value = null;
    }
  }

  /** Saves a run's predictions: a dialog in the desktop app, a download link in browser mode. */
  async function save(runId: string): Promise<{ savedTo: string } | { downloadUrl: string } | null> {
    const prediction = byRun.value[runId];
    if (!prediction) return null;
    try {
      return await useSessionStore().lab().invoke('output:save', { outputId: prediction.output.outputId });
    } catch (err) {
      useErrorStore().report(err, `Saving ${prediction.fileName}`, { file: prediction.fileName });
      return null;
    }
  }

  function reset(): void {
    byRun.value = {};
  }

  return { byRun, busyRunId, predict, save, reset };
});
