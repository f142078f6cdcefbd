// Importing files into the open project and paging through one dataset's rows.
import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type { DatasetSummary, TablePage } from '../../../shared/domain';
import { readFileAsBase64 } from '../files';
import { useErrorStore } from './errors';
import { useProjectStore } from './project';
import { useSessionStore } from './session';

export const PAGE_SIZE = 50;

export const useDatasetStore = defineStore('datasets', () => {
  const project = useProjectStore();
  const selectedId = ref<string | null>(null);
  const page = ref<TablePage | null>(null);
  const importing = ref(false);
  const loadingPage = ref(false);

  const selected = computed<DatasetSummary | null>(
    () => project.datasets.find((d) => d.id === selectedId.value) ?? null,
  );

  // A different project means a different set of datasets: fall back to its newest one.
  watch(
    () => project.current?.path,
    () => {
      const list = project.datasets;
      selectedId.value = list.length > 0 ? (list[list.length - 1]?.id ?? null) : null;
      page.value = null;
      if (selectedId.value) void loadPage(0);
    },
    // A store first used after a project is already open must still pick its dataset.
    { immediate: true },
  );

  async function select(id: string): Promise<void> {
    selectedId.value = id;
    page.value = null;
    await loadPage(0);
  }

  async function loadPage(offset: number): Promise<void> {
    const datasetId = selectedId.value;
    if (!datasetId) return;
    loadingPage.value = true;
    try {
      const result = await useSessionStore()
        .lab()
        .invoke('dataset:preview', { datasetId, offset: Math.max(0, offset), limit: PAGE_SIZE });
      // A slow reply for a dataset that is no longer selected must not overwrite the current one.
      if (selectedId.value === datasetId) page.value = result;
    } catch (err) {
      useErrorStore().report(err, `Reading rows of ${selected.value?.sourceFile ?? 'the dataset'}`);
    } finally {
      loadingPage.value = false;
    }
  }

  async function accept(dataset: DatasetSummary): Promise<void> {
    project.addDataset(dataset);
    await select(dataset.id);
  }

  async function importFile(file: File): Promise<boolean> {
    importing.value = true;
    try {
      const dataBase64 = await readFileAsBase64(file);
      const dataset = await useSessionStore().lab().invoke('dataset:import', { fileName: file.name, dataBase64 });
      await accept(dataset);
      return true;
    } catch (err) {
      // The engine usually names the file; make sure the panel does even when it did not.
      useErrorStore().report(err, `Importing ${file.name}`, { file: file.name });
      return false;
    } finally {
      importing.value = false;
    }
  }

  async function importDialog(): Promise<boolean> {
    importing.value = true;
    try {
      const dataset = await useSessionStore().lab().invoke('dataset:importDialog', {});
      if (dataset) await accept(dataset);
      return dataset !== null;
    } catch (err) {
      useErrorStore().report(err, 'Importing a file');
      return false;
    } finally {
      importing.value = false;
    }
  }

  return { selectedId, selected, page, importing, loadingPage, select, loadPage, importFile, importDialog };
});
