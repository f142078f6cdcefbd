// Predictions for a new spreadsheet with a finished run's saved model. The file goes to the host as
// bytes; the engine writes the predictions (formula-injection safe) into the project and the page
// offers to save them (a dialog in the desktop app, a download in browser mode).
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { EventOf, ResponseOf } from '../../../shared/contract';
import { useErrorStore } from './errors';
import { useSessionStore } from './session';

export type Prediction = ResponseOf<'run:predict'> & { runId: string };
/** Where scoring a file has got to (the engine's predict:progress), while the request is in flight. */
export type PredictProgress = EventOf<'predict:progress'>;

export const usePredictionStore = defineStore('predictions', () => {
  const byRun = ref<Record<string, Prediction>>({});
  const busyRunId = ref<string | null>(null);

  const progress = ref<PredictProgress | null>(null);

  /** fullPrecision: the model's float values instead of the engine's default rounding. */
  async function predict(runId: string, file: File, options: { fullPrecision?: boolean } = {}): Promise<Prediction | null> {
    busyRunId.value = runId;
    progress.value = null;
    const lab = useSessionStore().lab();
    const off = lab.on('predict:progress', (event) => {
      if (event.runId === runId) progress.value = event;
    });
    try {
      const uploadId = await lab.upload(file);
      const result = await lab.invoke('run:predict', { runId, uploadId, ...(options.fullPrecision ? { fullPrecision: true } : {}) });
      const prediction: Prediction = { ...result, runId };
      byRun.value = { ...byRun.value, [runId]: prediction };
      useErrorStore().resolve('predict');
      return prediction;
    } catch (err) {
      useErrorStore().report(err, `Predicting ${file.name}`, { file: file.name, scope: 'predict' });
      return null;
    } finally {
      off();
      busyRunId.value = null;
      progress.value = null;
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

  return { byRun, busyRunId, progress, predict, save, reset };
});
