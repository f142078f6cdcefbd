// The native dialogs the engine host asks main for, parented to the app window: projects default
// to Documents/Regula. Each returns an absolute path, or null when the analyst cancelled.
import path from 'node:path';
import { app, dialog, type BrowserWindow, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { DialogKind } from '../app/hostProtocol';

const DATA_FILE_FILTERS = [
  { name: 'Spreadsheets', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'xls', 'ods'] },
  { name: 'All files', extensions: ['*'] },
];

export function projectsHome(): string {
  return path.join(app.getPath('documents'), 'Regula');
}

export async function showDialog(window: BrowserWindow | null, kind: DialogKind, suggestedName = ''): Promise<string | null> {
  const open = async (options: OpenDialogOptions) => {
    const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    return result.canceled ? null : (result.filePaths[0] ?? null);
  };
  const save = async (options: SaveDialogOptions) => {
    const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
    return result.canceled || !result.filePath ? null : result.filePath;
  };
  switch (kind) {
    case 'openProjectFolder':
      return open({ title: 'Open Project', buttonLabel: 'Open Project', defaultPath: projectsHome(), properties: ['openDirectory'] });
    case 'openDataFile':
      return open({ title: 'Import Data', buttonLabel: 'Import', filters: DATA_FILE_FILTERS, properties: ['openFile'] });
    // A save dialog lets the analyst name the new folder and choose where it goes in one step.
    case 'newProjectFolder':
      return save({
        title: 'New Project',
        buttonLabel: 'Create Project',
        defaultPath: path.join(projectsHome(), suggestedName),
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
    case 'saveFile':
      return save({ title: 'Save', defaultPath: path.join(app.getPath('downloads'), path.basename(suggestedName)), properties: ['showOverwriteConfirmation'] });
  }
}
