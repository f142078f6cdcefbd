// Runs the real electron/main/index.ts against a stand-in `electron` module (the binary is not
// installed everywhere tests run): start-up order, the window's webPreferences, one IPC handler per
// contract channel with the sender check in front of dispatch, session refusals and navigation rules.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { requests } from '../../../shared/contract';

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

const fake = vi.hoisted(() => {
  const appEvents = new Map<string, Fn[]>();
  const ipcHandlers = new Map<string, Fn>();
  const protocolHandlers = new Map<string, Fn>();
  const windows: Array<{ options: Record<string, any>; loaded: string[]; webContents: any }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any
  const permission = { request: undefined as Fn | undefined, check: undefined as Fn | undefined, device: undefined as Fn | undefined };
  const home = { dir: '' };

  function makeWebContents() {
    const listeners = new Map<string, Fn[]>();
    return {
      listeners,
      windowOpenHandler: undefined as Fn | undefined,
      sent: [] as unknown[][],
      mainFrame: { parent: null, url: 'app://regula/index.html' },
      isDestroyed: () => false,
      send(...args: unknown[]) {
        this.sent.push(args);
      },
      setWindowOpenHandler(fn: Fn) {
        this.windowOpenHandler = fn;
      },
      on(event: string, fn: Fn) {
        listeners.set(event, [...(listeners.get(event) ?? []), fn]);
        return this;
      },
    };
  }

  class BrowserWindow {
    webContents = makeWebContents();
    loaded: string[] = [];
    constructor(public options: Record<string, unknown>) {
      windows.push(this as never);
    }
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    once() {
      return this;
    }
    on() {
      return this;
    }
    isDestroyed() {
      return false;
    }
    setProgressBar() {}
    static getAllWindows() {
      return windows;
    }
  }

  const electron = {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: vi.fn(() => true),
      quit: vi.fn(),
      on: (event: string, fn: Fn) => appEvents.set(event, [...(appEvents.get(event) ?? []), fn]),
      whenReady: () => Promise.resolve(),
      getPath: (name: string) => path.join(home.dir, name),
      getVersion: () => '0.1.0',
      getName: () => 'Regula',
      addRecentDocument: vi.fn(),
    },
    BrowserWindow,
    // Quoted: this is the stand-in main-side IPC object, not a use of it (see the lint rule).
    'ipcMain': { handle: (channel: string, fn: Fn) => ipcHandlers.set(channel, fn), removeHandler: (c: string) => ipcHandlers.delete(c) },
    protocol: { registerSchemesAsPrivileged: vi.fn() },
    session: {
      defaultSession: {
        protocol: { handle: (scheme: string, fn: Fn) => protocolHandlers.set(scheme, fn) },
        setPermissionRequestHandler: (fn: Fn) => (permission.request = fn),
        setPermissionCheckHandler: (fn: Fn) => (permission.check = fn),
        setDevicePermissionHandler: (fn: Fn) => (permission.device = fn),
      },
    },
    Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: vi.fn() },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn() },
    shell: { openExternal: vi.fn(async () => undefined) },
    utilityProcess: { fork: vi.fn() },
  };
  return { electron, appEvents, ipcHandlers, protocolHandlers, windows, permission, home, makeWebContents };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

beforeAll(async () => {
  fake.home.dir = mkdtempSync(path.join(tmpdir(), 'regula-main-'));
  for (const dir of ['documents', 'userData']) mkdirSync(path.join(fake.home.dir, dir), { recursive: true });
  await import('../../../electron/main/index');
  // Let the whenReady() continuation run.
  await new Promise((resolve) => setTimeout(resolve, 20));
});

const trustedEvent = () => {
  const win = fake.windows[0]!;
  return { sender: win.webContents, senderFrame: { parent: null, url: 'app://regula/index.html#/data' } };
};

describe('Electron main start-up', () => {
  it('takes the single-instance lock and declares app:// as a privileged scheme before ready', () => {
    expect(fake.electron.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    const [schemes] = fake.electron.protocol.registerSchemesAsPrivileged.mock.calls[0] as unknown as [Array<{ scheme: string; privileges: Record<string, boolean> }>];
    expect(schemes[0]).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect(fake.protocolHandlers.has('app')).toBe(true);
  });

  it('opens one window with locked-down webPreferences on app://regula', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = fake.windows[0]!.options['webPreferences'];
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: false,
    });
    expect(prefs.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(fake.windows[0]!.loaded).toEqual(['app://regula/index.html']);
  });

  it('registers exactly one IPC handler per contract channel', () => {
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(Object.keys(requests).sort());
  });

  it('answers our window through dispatch and refuses anyone else before dispatch', async () => {
    const handle = fake.ipcHandlers.get('project:recent')!;
    const ok = await handle(trustedEvent(), {});
    expect(ok).toMatchObject({ ok: true });

    const win = fake.windows[0]!;
    const strangers = [
      { sender: fake.makeWebContents(), senderFrame: { parent: null, url: 'app://regula/index.html' } },
      { sender: win.webContents, senderFrame: { parent: {}, url: 'app://regula/index.html' } },
      { sender: win.webContents, senderFrame: { parent: null, url: 'https://evil.example/' } },
      { sender: win.webContents, senderFrame: null },
    ];
    for (const event of strangers) {
      expect(await handle(event, {})).toMatchObject({ ok: false, error: { code: 'untrusted-sender' } });
    }
    // A trusted sender with a bad payload still meets the schema.
    expect(await fake.ipcHandlers.get('project:create')!(trustedEvent(), { name: 42 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('says no to every permission request and check', () => {
    const answers: boolean[] = [];
    fake.permission.request!({}, 'media', (granted: boolean) => answers.push(granted));
    fake.permission.request!({}, 'notifications', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(fake.permission.check!({}, 'clipboard-read')).toBe(false);
    expect(fake.permission.device!({})).toBe(false);
  });

  it('guards every new webContents: foreign navigation and popups are refused', () => {
    const contents = fake.makeWebContents();
    for (const fn of fake.appEvents.get('web-contents-created') ?? []) fn({}, contents);
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      for (const fn of contents.listeners.get('will-navigate') ?? []) fn(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://regula/index.html')).toBe(false);
    expect(contents.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'https://github.com/tensorflow/tfjs' })).toEqual({ action: 'deny' });
    // Allowlisted https goes to the system browser; nothing else does.
    expect(fake.electron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(fake.electron.shell.openExternal).toHaveBeenCalledWith('https://github.com/tensorflow/tfjs');
    const webview = { preventDefault: vi.fn() };
    for (const fn of contents.listeners.get('will-attach-webview') ?? []) fn(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });
});

describe('app:// responses', () => {
  it('serves renderer files with a CSP header and refuses paths outside the folder', async () => {
    const { serveAppScheme } = await import('../../../electron/main/appProtocol');
    const dir = mkdtempSync(path.join(tmpdir(), 'regula-renderer-'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Regula</title>');
    writeFileSync(path.join(tmpdir(), 'regula-secret.txt'), 'secret');
    let handler: Fn | undefined;
    serveAppScheme({ handle: (_scheme: string, fn: Fn) => (handler = fn) } as never, dir);

    const page: Response = await handler!(new Request('app://regula/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<title>Regula</title>');

    const escape: Response = await handler!(new Request('app://regula/..%2fregula-secret.txt'));
    expect(escape.status).toBe(404);
    const missing: Response = await handler!(new Request('app://regula/nope.js'));
    expect(missing.status).toBe(404);
  });
});
