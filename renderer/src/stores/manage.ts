// Keeping the lab tidy: rename, notes, tags and delete (to the project's trash, with undo) for runs,
// datasets, sweeps and the project. The engine's answer is applied to the store that shows the item,
// so every panel updates at once; errors show beside the controls (scope 'manage').
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ItemInfo, ItemKind, TrashEntry, TrashedItem } from '../../../shared/domain';
import { useErrorStore } from './errors';
import { useProjectStore } from './project';
import { useRunStore } from './runs';
import { useSessionStore } from './session';
import { useSweepStore } from './sweeps';

export type DeletableKind = Exclude<ItemKind, 'project'>;

export const useManageStore = defineStore('manage', () => {
  /** The last delete, offered for undo until another one replaces it or it is undone. */
  const lastDeleted = ref<TrashEntry | null>(null);
  const busy = ref(false);
  /** The project's trash, newest first; null until the trash panel asks for it. */
  const trash = ref<TrashEntry[] | null>(null);

  async function act<T>(action: string, fn: () => Promise<T>): Promise<T | null> {
    busy.value = true;
    const errors = useErrorStore();
    try {
      const result = await fn();
      errors.resolve('manage');
      return result;
    } catch (err) {
      errors.report(err, action, { scope: 'manage' });
      return null;
    } finally {
      busy.value = false;
    }
  }

  function apply(info: ItemInfo): void {
    const fields = { name: info.name, note: info.note, tags: info.tags };
    if (info.kind === 'run') {
      const run = useRunStore().runs.find((r) => r.id === info.id);
      if (run) useRunStore().upsert({ ...run, ...fields });
    } else if (info.kind === 'sweep') {
      const sweeps = useSweepStore();
      const sweep = sweeps.sweeps.find((s) => s.id === info.id);
      if (sweep) sweeps.upsert({ ...sweep, ...fields });
    } else if (info.kind === 'dataset') {
      const project = useProjectStore();
      const dataset = project.datasets.find((d) => d.id === info.id);
      if (dataset) project.replaceDataset({ ...dataset, ...fields });
    } else {
      const project = useProjectStore();
      if (project.current) project.update({ ...project.current, ...fields });
    }
  }

  async function rename(kind: ItemKind, id: string, name: string): Promise<boolean> {
    const info = await act(`Renaming to “${name}”`, () => useSessionStore().lab().invoke('item:rename', { kind, id, name }));
    if (info) apply(info);
    return info !== null;
  }

  async function annotate(kind: ItemKind, id: string, change: { note?: string | null; tags?: string[] }): Promise<boolean> {
    const info = await act(change.tags ? 'Changing the tags' : 'Saving the note', () =>
      useSessionStore().lab().invoke('item:annotate', { kind, id, ...change }),
    );
    if (info) apply(info);
    return info !== null;
  }

  /** What a delete would take with it, for the confirmation. */
  async function preview(kind: DeletableKind, id: string, withDependents: boolean): Promise<TrashedItem[] | null> {
    return act('Listing what a delete would remove', () => useSessionStore().lab().invoke('item:deletePreview', { kind, id, withDependents }));
  }

  function forgetLocally(items: TrashedItem[]): void {
    const runs = useRunStore();
    const sweeps = useSweepStore();
    const project = useProjectStore();
    for (const item of items) {
      if (item.kind === 'run') runs.remove(item.id);
      else if (item.kind === 'sweep') sweeps.remove(item.id);
      else if (item.kind === 'dataset') project.removeDataset(item.id);
    }
  }

  async function remove(kind: DeletableKind, id: string, name: string, withDependents = false): Promise<boolean> {
    const entry = await act(`Deleting “${name}”`, () => useSessionStore().lab().invoke('item:delete', { kind, id, withDependents }));
    if (!entry) return false;
    forgetLocally(entry.items);
    lastDeleted.value = entry;
    if (trash.value) trash.value = [entry, ...trash.value];
    return true;
  }

  async function loadTrash(): Promise<void> {
    const entries = await act('Listing the trash', () => useSessionStore().lab().invoke('trash:list', {}));
    if (entries) trash.value = [...entries].sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
  }

  /** Brings one delete back (any of them, not only the last), with everything that went with it. */
  async function restore(trashId: string): Promise<boolean> {
    const first = trash.value?.find((e) => e.trashId === trashId)?.items[0];
    const restored = await act(first ? `Restoring ${first.kind} “${first.name}”` : 'Restoring from the trash', () =>
      useSessionStore().lab().invoke('item:restore', { trashId }),
    );
    if (!restored) return false;
    if (lastDeleted.value?.trashId === trashId) lastDeleted.value = null;
    if (trash.value) trash.value = trash.value.filter((e) => e.trashId !== trashId);
    await reloadRestored(restored);
    return true;
  }

  /** Deletes everything in the trash for good (after the panel's confirmation). */
  async function emptyTrash(): Promise<boolean> {
    const done = await act('Emptying the trash', async () => {
      await useSessionStore().lab().invoke('trash:empty', {});
      return true;
    });
    if (!done) return false;
    trash.value = [];
    lastDeleted.value = null;
    return true;
  }

  async function reloadRestored(restored: TrashEntry): Promise<void> {
    if (restored.items.some((i) => i.kind === 'dataset')) await useProjectStore().reload();
    await Promise.all([useRunStore().refresh(), useSweepStore().refresh()]);
  }

  async function undo(): Promise<boolean> {
    const entry = lastDeleted.value;
    if (!entry) return false;
    const restored = await act('Undoing the delete', () => useSessionStore().lab().invoke('item:restore', { trashId: entry.trashId }));
    if (!restored) return false;
    lastDeleted.value = null;
    if (trash.value) trash.value = trash.value.filter((e) => e.trashId !== entry.trashId);
    await reloadRestored(restored);
    return true;
  }

  function dismissUndo(): void {
    lastDeleted.value = null;
  }

  function reset(): void {
    lastDeleted.value = null;
    trash.value = null;
  }

  return { lastDeleted, busy, trash, rename, annotate, preview, remove, undo, dismissUndo, reset, loadTrash, restore, emptyTrash };
});
