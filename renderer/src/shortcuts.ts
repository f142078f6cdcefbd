// Keyboard shortcuts for the main actions. One table (shown in the help panel, so the list and the
// behaviour cannot drift apart); components that own an action register a handler for it while
// they are on screen, and the App's single keydown listener runs it.
export type ActionName = 'view:data' | 'view:train' | 'view:runs' | 'train' | 'sweep' | 'cancel' | 'rename' | 'delete' | 'help';

export interface Shortcut {
  action: ActionName;
  keys: string;
  what: string;
  /** Matches a keydown; `typing` is true inside a text field, where only modified keys count. */
  matches(ev: KeyboardEvent, typing: boolean): boolean;
}

const mod = (ev: KeyboardEvent): boolean => ev.ctrlKey || ev.metaKey;

export const SHORTCUTS: Shortcut[] = [
  { action: 'view:data', keys: 'Ctrl+1', what: 'Show the data', matches: (ev) => mod(ev) && !ev.shiftKey && ev.key === '1' },
  { action: 'view:train', keys: 'Ctrl+2', what: 'Show model & training', matches: (ev) => mod(ev) && !ev.shiftKey && ev.key === '2' },
  { action: 'view:runs', keys: 'Ctrl+3', what: 'Show the runs', matches: (ev) => mod(ev) && !ev.shiftKey && ev.key === '3' },
  { action: 'train', keys: 'Ctrl+Enter', what: 'Train with the model form', matches: (ev) => mod(ev) && !ev.shiftKey && ev.key === 'Enter' },
  { action: 'sweep', keys: 'Ctrl+Shift+Enter', what: 'Sweep λ (regularization path)', matches: (ev) => mod(ev) && ev.shiftKey && ev.key === 'Enter' },
  { action: 'cancel', keys: 'Ctrl+.', what: 'Cancel the training or sweep in progress', matches: (ev) => mod(ev) && ev.key === '.' },
  { action: 'rename', keys: 'F2', what: 'Rename the selected run', matches: (ev, typing) => !typing && ev.key === 'F2' },
  { action: 'delete', keys: 'Delete', what: 'Delete the selected run (can be undone)', matches: (ev, typing) => !typing && ev.key === 'Delete' },
  { action: 'help', keys: '?', what: 'Show or hide this list', matches: (ev, typing) => !typing && ev.key === '?' },
];

const handlers = new Map<ActionName, Set<() => void>>();

/** Registers a handler while a component is mounted; returns the unregister. Latest wins. */
export function onShortcut(action: ActionName, handler: () => void): () => void {
  let set = handlers.get(action);
  if (!set) handlers.set(action, (set = new Set()));
  set.add(handler);
  return () => set.delete(handler);
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.tagName !== 'string') return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** Runs the shortcut a keydown stands for; returns true when one ran. */
export function dispatchShortcut(ev: KeyboardEvent): boolean {
  const typing = isTyping(ev.target);
  for (const s of SHORTCUTS) {
    if (!s.matches(ev, typing)) continue;
    const set = handlers.get(s.action);
    const last = set ? [...set].at(-1) : undefined;
    if (!last) return false;
    ev.preventDefault();
    last();
    return true;
  }
  return false;
}
