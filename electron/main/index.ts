// Electron main: lifecycle, one window, the menu, and the IPC binding of the contract to the engine.
// Everything the app does goes through electron/app/handlers over the engine; this file only wires
// the desktop-specific pieces (dialogs, recent documents, taskbar progress) around it.
import { app, session, type BrowserWindow } from 'electron';
import { createHandlers, type LabHandlers } from '../app/handlers';
import { createEngine } from '../engine/index';
import { APP_START_URL, localDevUrl, originOf, type PageOrigin } from './appOrigin';
import { declareAppScheme, serveAppScheme } from './appProtocol';
import { createElectronHost } from './electronHost';
import { bindContractToIpc, sendLabEvent } from './ipc';
import { installMenu } from './menu';
import { builtPaths } from './paths';
import { denyAllPermissions } from './sessionPolicy';
import { withShellEffects } from './shellEffects';
import { TrainingProgress } from './trainingProgress';
import { utilityWorkerLauncher } from './utilityWorker';
import { guardWebContents } from './webContentsGuard';
import { createAppWindow } from './window';

// electron-vite's dev server exports its URL; only unpackaged builds may load from it, and only
// from this machine (a stray variable must not make a remote page the trusted origin).
const devServerUrl = !app.isPackaged ? localDevUrl(process.env['ELECTRON_RENDERER_URL']) : undefined;
const startUrl = devServerUrl ?? APP_START_URL;
const trusted: PageOrigin = originOf(startUrl) ?? { protocol: 'app:', host: 'regula' };

// Privileged schemes must be declared before `ready`.
declareAppScheme();

// A second launch focuses the first window instead of opening the same projects twice; the
// project lock file backs this up across users and machines.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  const progress = new TrainingProgress();
  const setProgress = (value: number): void => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.setProgressBar(value);
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Applies to every webContents, including any a library might create: no foreign navigation,
  // no popups, no <webview>.
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, trusted));

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  const openWindow = (): void => {
    mainWindow = createAppWindow({ preloadPath: builtPaths.preload, startUrl });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  // Release the project lock on the way out; a crash leaves a stale lock the next start detects.
  let lab: LabHandlers | null = null;
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !lab) return;
    closing = true;
    event.preventDefault();
    lab
      .dispose()
      .catch((err: unknown) => console.warn('Regula: closing the project on quit failed', err))
      .finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    // app.getPath is reliable only once the app is ready, so the host and engine are made here.
    const host = createElectronHost({
      window: () => mainWindow,
      emit: (event, payload) => sendLabEvent(mainWindow?.webContents ?? null, event, payload),
    });
    const engine = createEngine({
      launchWorker: utilityWorkerLauncher(builtPaths.trainWorker),
      events: {
        onEpoch: (runId, epoch) => {
          host.emit('training:progress', { runId, epoch });
          setProgress(progress.epoch(runId, epoch.epoch));
        },
        onFinished: (run) => {
          host.emit('training:finished', { run });
          setProgress(progress.finished(run.id));
        },
      },
    });
    lab = createHandlers({ engine, host, version: app.getVersion() });
    const wired = withShellEffects(lab, {
      projectOpened: (projectPath) => app.addRecentDocument(projectPath),
      runStarted: (runId, epochs) => setProgress(progress.started(runId, epochs)),
    });

    serveAppScheme(session.defaultSession.protocol, builtPaths.rendererDir);
    denyAllPermissions(session.defaultSession);
    bindContractToIpc({ handlers: wired, trusted, appContents: () => mainWindow?.webContents ?? null });
    installMenu({
      window: () => mainWindow,
      command: (command) => sendLabEvent(mainWindow?.webContents ?? null, 'menu:command', { command }),
    });
    openWindow();
    app.on('activate', () => {
      if (!mainWindow) openWindow();
    });
  });
}
