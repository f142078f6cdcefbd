// The native menu as data. Items that start a flow the page owns (new project, open, import) are
// forwarded to the page as a `menu:command` event so the page's stores stay the one owner of state;
// only Quit and About are handled here. Type-only import of electron keeps this testable in Node.
import type { MenuItemConstructorOptions } from 'electron';
import type { EventOf } from '../../shared/contract';

export type MenuCommand = EventOf<'menu:command'>['command'];

export interface MenuActions {
  platform: NodeJS.Platform;
  appName: string;
  /** Development builds get Reload and DevTools; packaged builds do not. */
  isDev: boolean;
  command(command: MenuCommand): void;
  about(): void;
}

export function buildMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = actions.platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => actions.command('project:new') },
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.command('project:open') },
      // Recent projects come from app.addRecentDocument; only macOS shows them in a menu.
      ...(mac
        ? ([{ label: 'Open Recent', role: 'recentDocuments', submenu: [{ label: 'Clear Menu', role: 'clearRecentDocuments' }] }] as MenuItemConstructorOptions[])
        : []),
      { type: 'separator' },
      { label: 'Import Data…', accelerator: 'CmdOrCtrl+I', click: () => actions.command('dataset:import') },
      { type: 'separator' },
      mac ? { label: 'Close Window', role: 'close' } : { label: 'Quit', role: 'quit', accelerator: 'Ctrl+Q' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(actions.isDev
        ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  const help: MenuItemConstructorOptions = {
    label: '&Help',
    role: 'help',
    submenu: [{ label: `About ${actions.appName}`, click: () => actions.about() }],
  };
  const appMenu: MenuItemConstructorOptions = {
    label: actions.appName,
    submenu: [
      { label: `About ${actions.appName}`, click: () => actions.about() },
      { type: 'separator' },
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      { type: 'separator' },
      { label: `Quit ${actions.appName}`, role: 'quit' },
    ],
  };
  // The Edit menu carries copy/paste shortcuts for text fields (on macOS they only work through it).
  return [...(mac ? [appMenu] : []), file, { role: 'editMenu' }, view, help];
}
