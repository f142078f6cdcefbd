// Every failure the user should know about lands here once and stays until dismissed.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { LabError } from '../../../shared/contract';
import type { UserError } from '../../../shared/domain';

export interface ShownError {
  id: number;
  /** What the user was doing, e.g. "Importing sales.csv". */
  action: string;
  detail: UserError;
}

export function toUserError(err: unknown): UserError {
  if (err instanceof LabError) return err.detail;
  if (err instanceof Error) return { code: 'internal', message: err.message };
  return { code: 'internal', message: String(err) };
}

export const useErrorStore = defineStore('errors', () => {
  const items = ref<ShownError[]>([]);
  let nextId = 1;

  /** `place` fills in what the engine's error left out (e.g. the file the user picked). */
  function report(err: unknown, action: string, place: Pick<UserError, 'file'> = {}): ShownError {
    const detail = toUserError(err);
    const shown: ShownError = { id: nextId++, action, detail: { ...detail, file: detail.file ?? place.file } };
    if (shown.detail.file === undefined) delete shown.detail.file;
    items.value.push(shown);
    // Also leave a trace for whoever is debugging the app with devtools open.
    console.warn(`[regula] ${action}:`, shown.detail);
    return shown;
  }

  function dismiss(id: number): void {
    items.value = items.value.filter((e) => e.id !== id);
  }

  function clear(): void {
    items.value = [];
  }

  return { items, report, dismiss, clear };
});
