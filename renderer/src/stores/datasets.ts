// Importing files into the open project (with progress and cancel), re-parsing one with settings the
// analyst chose, and changing a column's type. Rows for the preview live in the `preview` store.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ColumnType, DatasetSummary, MissingMarkerSettings } from '../../../shared/domain';
import type { RequestOf } from '../../../shared/contract';
import { toUserError, useErrorStore } from './errors';
import { useProjectStore } from './project';
import { useSessionStore } from './session';

export type ReparseOptions = RequestOf<'dataset:reimport'>['options'];

/** What an import is doing now: the page reading the file, or the engine parsing it. */
export interface ImportActivity {
  fileName: string;
  phase: 'reading' | 'parsing';
  /** 0…1 of the current phase; the engine's first report may take a moment. */
  fraction: number;
  cancelling: boolean;
}

/** Missing cells before and after a change of markers, for the columns it touched. */
export interface MarkerRecount {
  datasetId: string;
  /** The column whose own list changed; null when the general list did. */
  column: string | null;
  columns: { name: string; before: number; after: number }[];
}

export const useDatasetStore = defineStore('datasets', () => {
  const project = useProjectStore();
  const selectedId = ref<string | null>(null);
  const activity = ref<ImportActivity | null>(null);
  /** The file whose import the analyst cancelled last (cleared by the next import). */
  const cancelledFile = ref<string | null>(null);
  /** What the last change of missing markers did to the missing counts, shown until the next one. */
  const markerRecount = ref<MarkerRecount | null>(null);
  /** Column whose type change is waiting for the engine. */
  const changingColumn = ref<string | null>(null);
  let readAbort: AbortController | null = null;

  const importing = computed(() => activity.value !== null);
  // A dataset that left the project (deleted, or replaced by a re-parsed version) hands the
  // selection to the newest one left.
  const selected = computed<DatasetSummary | null>(
    () => project.datasets.find((d) => d.id === selectedId.value) ?? project.datasets[project.datasets.length - 1] ?? null,
  );

  /** A different project means a different set of datasets: fall back to its newest one. */
  function reset(): void {
    const list = project.datasets;
    selectedId.value = list.length > 0 ? (list[list.length - 1]?.id ?? null) : null;
    cancelledFile.value = null;
    markerRecount.value = null;
  }
  // A store first used after a project is already open must still pick its dataset.
  reset();

  function select(id: string): void {
    selectedId.value = id;
  }

  /** A re-parsed version replaces the one it came from (runs keep pointing at their exact version). */
  function accept(dataset: DatasetSummary): void {
    for (const old of dataset.previousVersions ?? []) project.removeDataset(old);
    project.addDataset(dataset);
    select(dataset.id);
  }

  /** Re-reads the dataset with other missing-value markers for every column (per-column lists stay). */
  async function setMissingMarkers(markers: string[]): Promise<boolean> {
    return changeMarkers(null, (settings) => ({ ...settings, markers }));
  }

  /** One column's own markers; null gives the column back to the dataset's general list. */
  async function setColumnMarkers(column: string, markers: string[] | null): Promise<boolean> {
    return changeMarkers(column, (settings) => {
      const perColumn = { ...(settings.perColumn ?? {}) };
      if (markers === null) delete perColumn[column];
      else perColumn[column] = markers;
      return { ...settings, perColumn };
    });
  }

  /** A re-read with changed markers: a new version that replaces the dataset, and the re-count shown. */
  async function changeMarkers(column: string | null, change: (settings: MissingMarkerSettings) => MissingMarkerSettings): Promise<boolean> {
    const current = selected.value;
    if (!current) return false;
    const before = new Map(current.columns.map((c) => [c.name, c.missing]));
    let after: DatasetSummary | null = null;
    const ok = await tracked(
      current.sourceFile,
      column ? `Re-reading “${column}” with new missing markers` : `Re-reading ${current.sourceFile} with new missing markers`,
      async () => (after = await useSessionStore().lab().invoke('dataset:setMissingMarkers', { datasetId: current.id, missingMarkers: change(current.missingMarkers ?? {}) })),
      'markers',
    );
    const next = after as DatasetSummary | null;
    if (ok && next) {
      const changed = next.columns.filter((c) => (column ? c.name === column : before.get(c.name) !== c.missing));
      markerRecount.value = { datasetId: next.id, column, columns: changed.map((c) => ({ name: c.name, before: before.get(c.name) ?? 0, after: c.missing })) };
    }
    return ok;
  }

  function onProgress(payload: { fileName: string; fraction: number }): void {
    const now = activity.value;
    if (!now) return;
    activity.value = { ...now, phase: 'parsing', fraction: payload.fraction };
    // A cancel sent before the engine had started reading found nothing to stop: send it again.
    if (now.cancelling) void sendCancel();
  }

  /** Subscribes to the engine's import progress; returns the unsubscribe. */
  function listen(): () => void {
    return useSessionStore().lab().on('dataset:importProgress', onProgress);
  }

  /** Runs one import-like request with the progress state around it; cancels are not errors. */
  async function tracked(fileName: string, action: string, run: () => Promise<DatasetSummary | null>, scope: 'import' | 'markers' = 'import'): Promise<boolean> {
    if (activity.value) {
      useErrorStore().report(new Error('Another file is being imported; wait for it or cancel it first.'), action, { file: fileName, scope });
      return false;
    }
    cancelledFile.value = null;
    activity.value = { fileName, phase: 'parsing', fraction: 0, cancelling: false };
    try {
      const dataset = await run();
      if (dataset) {
        accept(dataset);
        useErrorStore().resolve(scope);
      }
      return dataset !== null;
    } catch (err) {
      if (toUserError(err).code === 'cancelled') cancelledFile.value = fileName;
      else useErrorStore().report(err, action, { file: fileName, scope });
      return false;
    } finally {
      activity.value = null;
      readAbort = null;
    }
  }

  async function importFile(file: File): Promise<boolean> {
    return tracked(file.name, `Importing ${file.name}`, async () => {
      readAbort = new AbortController();
      const a = activity.value;
      if (a) activity.value = { ...a, phase: 'reading' };
      const lab = useSessionStore().lab();
      const uploadId = await lab.upload(file, {
        signal: readAbort.signal,
        onProgress: (fraction) => {
          const now = activity.value;
          if (now?.phase === 'reading') activity.value = { ...now, fraction };
        },
      });
      const now = activity.value;
      if (now) activity.value = { ...now, phase: 'parsing', fraction: 0 };
      return lab.invoke('dataset:import', { uploadId });
    });
  }

  async function importDialog(): Promise<boolean> {
    return tracked('the chosen file', 'Importing a file', () => useSessionStore().lab().invoke('dataset:importDialog', {}));
  }

  /** Parses the selected dataset's source again with these settings; the result is a new dataset. */
  async function reparse(options: ReparseOptions): Promise<boolean> {
    const current = selected.value;
    if (!current) return false;
    return tracked(current.sourceFile, `Re-reading ${current.sourceFile}`, () =>
      useSessionStore().lab().invoke('dataset:reimport', { datasetId: current.id, options }),
    );
  }

  async function sendCancel(): Promise<void> {
    try {
      await useSessionStore().lab().invoke('dataset:cancelImport', {});
    } catch (err) {
      useErrorStore().report(err, 'Cancelling the import', { scope: 'import' });
    }
  }

  async function cancelImport(): Promise<void> {
    const now = activity.value;
    if (!now) return;
    activity.value = { ...now, cancelling: true };
    if (now.phase === 'reading' && readAbort) readAbort.abort();
    else await sendCancel();
  }

  /** Changes a column's type; setting it back to the imported type undoes the change. */
  async function setColumnType(column: string, type: ColumnType): Promise<boolean> {
    const current = selected.value;
    if (!current || changingColumn.value) return false;
    changingColumn.value = column;
    try {
      const updated = await useSessionStore().lab().invoke('dataset:setColumnType', { datasetId: current.id, column, type });
      project.replaceDataset(updated);
      useErrorStore().resolve('dataset');
      return true;
    } catch (err) {
      useErrorStore().report(err, `Making “${column}” a ${type} column`, { file: current.sourceFile, scope: 'dataset' });
      return false;
    } finally {
      changingColumn.value = null;
    }
  }

  return {
    selectedId,
    selected,
    activity,
    importing,
    cancelledFile,
    changingColumn,
    select,
    reset,
    listen,
    onProgress,
    importFile,
    importDialog,
    reparse,
    setMissingMarkers,
    setColumnMarkers,
    markerRecount,
    cancelImport,
    setColumnType,
  };
});
