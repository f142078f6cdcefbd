// What a face provides to the engine host: the things that depend on where the app runs — native
// dialogs, where new projects go, how a finished file reaches the analyst. Events are not here: the
// engine emits them on its own stream, which the face forwards whole.
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
    saveFile(suggestedName: string): Promise<string | null>;
  };
  /** Browser mode: a one-time link from which the page downloads `file` as `fileName`. */
  offerDownload?(file: string, fileName: string): string;
}
