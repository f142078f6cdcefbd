// Every failure the user should know about, kept beside the control that caused it: each error has
// a scope (the import box, the model form, the sweep, a run's predict panel, …) that the matching
// component shows inline. An error stays until dismissed, or until its cause is fixed: the next
// success in the same scope clears it, and opening or closing a project clears them all.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { UserError } from '../../../shared/domain';
import { toUserError } from '../../../shared/userError';

export { toUserError };

/** Where an error is shown; 'app' is the page-wide panel for what belongs to no control. */
export type ErrorScope = 'app' | 'project' | 'import' | 'dataset' | 'train' | 'sweep' | 'runs' | 'predict' | 'export' | 'manage' | 'open-path' | 'markers';

export interface ShownError {
  id: number;
  scope: ErrorScope;
  /** What the user was doing, e.g. "Importing sales.csv". */
  action: string;
  detail: UserError;
}

export interface ReportOptions {
  /** Fills in what the engine's error left out (e.g. the file the user picked). */
  file?: string;
  scope?: ErrorScope;
}

export const useErrorStore = defineStore('errors', () => {
  const items = ref<ShownError[]>([]);
  let nextId = 1;

  function report(err: unknown, action: string, options: ReportOptions = {}): ShownError {
    const detail = toUserError(err);
    const scope = options.scope ?? 'app';
    const shown: ShownError = { id: nextId++, scope, action, detail: { ...detail, file: detail.file ?? options.file } };
    if (shown.detail.file === undefined) delete shown.detail.file;
    // One error per scope: the latest attempt is the one that matters.
    items.value = [...items.value.filter((e) => e.scope !== scope || scope === 'app'), shown];
    // Also leave a trace for whoever is debugging the app with devtools open.
    console.warn(`[regula] ${action}:`, shown.detail);
    return shown;
  }

  function inScope(scope: ErrorScope): ShownError[] {
    return items.value.filter((e) => e.scope === scope);
  }

  function dismiss(id: number): void {
    items.value = items.value.filter((e) => e.id !== id);
  }

  /** The cause is gone (the same action succeeded, or the input it was about changed). */
  function resolve(scope: ErrorScope): void {
    if (items.value.some((e) => e.scope === scope)) items.value = items.value.filter((e) => e.scope !== scope);
  }

  function clear(): void {
    items.value = [];
  }

  return { items, report, inScope, dismiss, resolve, clear };
});
