// Installs the native menu built in menuTemplate.ts and answers Help › About.
import { app, dialog, Menu, type BrowserWindow } from 'electron';
import { buildMenuTemplate, type MenuCommand } from './menuTemplate';

export function installMenu(options: { window(): BrowserWindow | null; command(command: MenuCommand): void }): void {
  const template = buildMenuTemplate({
    platform: process.platform,
    appName: app.getName(),
    isDev: !app.isPackaged,
    command: options.command,
    about: () => {
      const detail = [
        `Version ${app.getVersion()}`,
        `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
        'Regularized models on your own spreadsheets.',
      ].join('\n');
      const win = options.window();
      const box = { type: 'info' as const, title: `About ${app.getName()}`, message: app.getName(), detail, buttons: ['OK'] };
      void (win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
