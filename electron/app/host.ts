// What a face (Electron main, browser-mode server, tests) provides to the handlers: the things that
// depend on where the app runs — native dialogs, where new projects go, and the event sink.
import type { EventName, EventOf } from '../../shared/contract';

export interface Host {
  mode: 'electron' | 'browser';
  /** Folder new projects are created in when no dialog is available. */
  projectsHome: string;
  /** Folder that keeps app state (recent projects). */
  stateDir: string;
  /** Native dialogs; absent in browser mode. Each returns an absolute path or null if cancelled. */
  dialogs?: {
    openProjectFolder(): Promise<string | null>;
    newProjectFolder(suggestedName: string): Promise<string | null>;
    openDataFile(): Promise<string | null>;
  };
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
}
