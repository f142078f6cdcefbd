// The Host the handlers get inside Electron: native dialogs parented to the app window, projects in
// Documents/Regula, app state in userData, and events pushed to the page over IPC.
import path from 'node:path';
import { app, dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { EventName, EventOf } from '../../shared/contract';
import type { Host } from '../app/host';

export interface ElectronHostOptions {
  window(): BrowserWindow | null;
  emit<E extends EventName>(event: E, payload: EventOf<E>): void;
}

const DATA_FILE_FILTERS = [
  { name: 'Spreadsheets', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'xls', 'ods'] },
  { name: 'All files', extensions: ['*'] },
];

export function createElectronHost(options: ElectronHostOptions): Host {
  const projectsHome = path.join(app.getPath('documents'), 'Regula');

  const pickOne = async (dialogOptions: OpenDialogOptions): Promise<string | null> => {
    const win = options.window();
    const result = win ? await dialog.showOpenDialog(win, dialogOptions) : await dialog.showOpenDialog(dialogOptions);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };

  return {
    mode: 'electron',
    projectsHome,
    stateDir: app.getPath('userData'),
    dialogs: {
      openProjectFolder: () =>
        pickOne({ title: 'Open Project', buttonLabel: 'Open Project', defaultPath: projectsHome, properties: ['openDirectory'] }),
      openDataFile: () =>
        pickOne({ title: 'Import Data', buttonLabel: 'Import', filters: DATA_FILE_FILTERS, properties: ['openFile'] }),
      // A save dialog lets the analyst name the new folder and choose where it goes in one step.
      newProjectFolder: async (suggestedName) => {
        const dialogOptions: SaveDialogOptions = {
          title: 'New Project',
          buttonLabel: 'Create Project',
          defaultPath: path.join(projectsHome, suggestedName),
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        };
        const win = options.window();
        const result = win ? await dialog.showSaveDialog(win, dialogOptions) : await dialog.showSaveDialog(dialogOptions);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
    },
    emit: (event, payload) => options.emit(event, payload),
  };
}
