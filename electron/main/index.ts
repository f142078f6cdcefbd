// Electron main: lifecycle, one window, the menu, dialogs, and the engine host's utility process.
// The engine runs in that process (electron/utility), never here; this file wires the
// desktop-specific pieces (dialogs, recent documents, taskbar progress) around it.
import { app, session, type BrowserWindow } from 'electron';
import { APP_START_URL, localDevUrl, originOf, type PageOrigin } from './appOrigin';
import { declareAppScheme, serveAppScheme } from './appProtocol';
import { projectsHome, showDialog } from './dialogs';
import { startEngineHostProcess, type EngineHostProcess } from './engineHostProcess';
import { bindPortRequests, sendLabEvent } from './ipc';
import { installMenu } from './menu';
import { builtPaths } from './paths';
import { denyAllPermissions } from './sessionPolicy';
import { TrainingProgress } from './trainingProgress';
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

  // Close the project (releasing its lock) through the host on the way out; a crash leaves a stale
  // lock the next start detects.
  let engineHost: EngineHostProcess | null = null;
  let closing = false;
  app.on('before-quit', (event) => {
    if (closing || !engineHost) return;
    closing = true;
    event.preventDefault();
    engineHost
      .shutdown()
      .catch((err: unknown) => console.warn('Regula: closing the project on quit failed', err))
      .finally(() => app.quit());
  });

  void app.whenReady().then(() => {
    // app.getPath is reliable only once the app is ready, so the host is started here.
    const host = startEngineHostProcess({
      hostFile: builtPaths.hostProcess,
      workerFile: builtPaths.trainWorker,
      configure: { projectsHome: projectsHome(), stateDir: app.getPath('userData'), version: app.getVersion() },
      dialog: (kind, suggestedName) => showDialog(mainWindow, kind, suggestedName),
      projectOpened: (projectPath) => app.addRecentDocument(projectPath),
      runStarted: (runId, epochs) => setProgress(progress.started(runId, epochs)),
      runProgress: (runId, epoch) => setProgress(progress.epoch(runId, epoch)),
      runFinished: (runId) => setProgress(progress.finished(runId)),
      page: () => mainWindow?.webContents ?? null,
    });
    engineHost = host;

    serveAppScheme(session.defaultSession.protocol, builtPaths.rendererDir);
    denyAllPermissions(session.defaultSession);
    bindPortRequests({ trusted, appContents: () => mainWindow?.webContents ?? null, connect: (contents) => host.connect(contents) });
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
