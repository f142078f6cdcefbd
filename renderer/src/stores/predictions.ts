// Predictions for a new spreadsheet with a finished run's saved model. The engine returns CSV text
// (formula-injection safe); the page offers it as a download and never writes files itself.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ResponseOf } from '../../../shared/contract';
import { readFileAsBase64 } from '../files';
import { useErrorStore } from './errors';
import { useSessionStore } from './session';

export type Prediction = ResponseOf<'run:predict'> & { runId: string };

export const usePredictionStore = defineStore('predictions', () => {
  const byRun = ref<Record<string, Prediction>>({});
  const busyRunId = ref<string | null>(null);

  async function predict(runId: string, file: File): Promise<Prediction | null> {
    busyRunId.value = runId;
    try {
      const dataBase64 = await readFileAsBase64(file);
      const result = await useSessionStore().lab().invoke('run:predict', { runId, file: { fileName: file.name, dataBase64 } });
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

  function reset(): void {
    byRun.value = {};
  }

  return { byRun, busyRunId, predict, reset };
});
