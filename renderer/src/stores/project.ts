// The open project and the recent list. Paths only ever come from the engine or its dialogs.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DatasetSummary, ProjectSummary, RecentProject } from '../../../shared/domain';
import { useErrorStore } from './errors';
import { enterProject } from './projectScope';
import { useSessionStore } from './session';

export const useProjectStore = defineStore('project', () => {
  const recent = ref<RecentProject[]>([]);
  const current = ref<ProjectSummary | null>(null);
  const busy = ref(false);
  /** Bumped when something (a native menu) wants the picker's name field focused. */
  const newNameRequests = ref(0);

  const datasets = computed<DatasetSummary[]>(() => current.value?.datasets ?? []);

  async function run<T>(action: string, fn: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    try {
      const result = await fn();
      useErrorStore().resolve('project');
      return result;
    } catch (err) {
      useErrorStore().report(err, action, { scope: 'project' });
      return null;
    } finally {
      busy.value = false;
    }
  }

  async function loadRecent(): Promise<void> {
    const list = await run('Loading recent projects', () => useSessionStore().lab().invoke('project:recent', {}));
    if (list) recent.value = list;
  }

  async function create(name: string): Promise<boolean> {
    const project = await run(`Creating project “${name}”`, () =>
      useSessionStore().lab().invoke('project:create', { name }),
    );
    if (project) await setCurrent(project);
    return project !== null;
  }

  /** Electron: the analyst chooses where the new project's folder goes (null = dialog cancelled). */
  async function createIn(name: string): Promise<boolean> {
    const project = await run(`Creating project “${name}”`, () => useSessionStore().lab().invoke('project:createDialog', { name }));
    if (project) await setCurrent(project);
    return project !== null;
  }

  async function open(entry: RecentProject): Promise<boolean> {
    const project = await run(`Opening project “${entry.name}”`, () =>
      useSessionStore().lab().invoke('project:open', { path: entry.path }),
    );
    if (project) await setCurrent(project);
    return project !== null;
  }

  async function openDialog(): Promise<boolean> {
    const project = await run('Opening a project folder', () =>
      useSessionStore().lab().invoke('project:openDialog', {}),
    );
    if (project) await setCurrent(project);
    return project !== null;
  }

  /**
   * Browser mode has no folder dialog: the analyst types the folder (absolute, ~/…, or a name in
   * the projects folder). The only path the page ever sends, and errors show beside its field.
   */
  async function openPath(path: string): Promise<boolean> {
    busy.value = true;
    try {
      const project = await useSessionStore().lab().invoke('project:openPath', { path });
      useErrorStore().resolve('open-path');
      useErrorStore().resolve('project');
      await setCurrent(project);
      return true;
    } catch (err) {
      useErrorStore().report(err, `Opening “${path}”`, { scope: 'open-path' });
      return false;
    } finally {
      busy.value = false;
    }
  }

  async function close(): Promise<void> {
    await run('Closing the project', () => useSessionStore().lab().invoke('project:close', {}));
    await setCurrent(null);
    await loadRecent();
  }

  /** Drops a dataset the engine moved to the trash; the selection falls back to the newest one. */
  function removeDataset(id: string): void {
    if (!current.value) return;
    current.value = { ...current.value, datasets: current.value.datasets.filter((d) => d.id !== id) };
  }

  /** Reads the open project's summary again (after an undo brought a dataset back). */
  async function reload(): Promise<void> {
    const path = current.value?.path;
    if (!path) return;
    const project = await run('Reading the project again', () => useSessionStore().lab().invoke('project:open', { path }));
    if (project && project.path === current.value?.path) current.value = project;
  }

  /** Every way into or out of a project goes through here, so the page is reset once, in one place. */
  async function setCurrent(project: ProjectSummary | null): Promise<void> {
    const changed = project?.path !== current.value?.path;
    current.value = project;
    if (changed) await enterProject(project?.path ?? null);
  }

  /** The engine renamed the project or changed its notes: same project, new summary. */
  function update(project: ProjectSummary): void {
    if (current.value && project.path === current.value.path) current.value = { ...current.value, ...project };
  }

  /** Adds or replaces a dataset the engine just imported into the open project. */
  function addDataset(dataset: DatasetSummary): void {
    if (!current.value) return;
    const others = current.value.datasets.filter((d) => d.id !== dataset.id);
    current.value = { ...current.value, datasets: [...others, dataset] };
  }

  /** Puts an updated summary of a dataset in its place (a changed column type). */
  function replaceDataset(dataset: DatasetSummary): void {
    if (!current.value) return;
    current.value = { ...current.value, datasets: current.value.datasets.map((d) => (d.id === dataset.id ? dataset : d)) };
  }

  function askForNewName(): void {
    newNameRequests.value++;
  }

  return { recent, current, busy, datasets, newNameRequests, setCurrent, update, removeDataset, reload, loadRecent, create, createIn, open, openDialog, openPath, close, addDataset, replaceDataset, askForNewName };
});
