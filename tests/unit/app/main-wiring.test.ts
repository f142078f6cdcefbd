// Runs the real electron/main/index.ts against a stand-in `electron` module (the binary is not
// installed everywhere tests run): start-up order, the window's webPreferences, the engine host in
// its "utility process" (the real host service, in this process) connected to the page by a
// MessagePort only after the sender check, real training workers, every contract event reaching
// the page through the real preload bridge, session refusals and navigation rules.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createLabClient } from '../../../shared/client';
import { createBridge } from '../../../electron/preload/bridge';
import { LAB_CONNECT_CHANNEL } from '../../../electron/preload/ipcNames';
import { createPreloadTransport } from '../../../renderer/src/transport/preloadTransport';
import { SESSION_EVENTS, analystSession, recordEvents } from '../faces/everyEvent';

type Fn = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

const fake = vi.hoisted(() => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MessageChannel: NodeMessageChannel } = require('node:worker_threads') as typeof import('node:worker_threads');
  const appEvents = new Map<string, Fn[]>();
  const ipcHandlers = new Map<string, Fn>();
  const ipcListeners = new Map<string, Fn[]>();
  const forked: Array<{ file: string; args: string[]; killed: boolean }> = [];
  const progressBar: number[] = [];
  const recentDocuments: string[] = [];
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
      posted: [] as Array<{ channel: string; ports: unknown[] }>,
      mainFrame: { parent: null, url: 'app://regula/index.html' },
      isDestroyed: () => false,
      send(...args: unknown[]) {
        this.sent.push(args);
        for (const fn of pageListeners.get(String(args[0])) ?? []) fn({ ports: [] }, ...args.slice(1));
      },
      postMessage(channel: string, _message: unknown, ports: unknown[] = []) {
        this.posted.push({ channel, ports });
        for (const fn of pageListeners.get(channel) ?? []) fn({ ports: ports.map(toDomPort) });
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
    setProgressBar(value: number) {
      progressBar.push(value);
    }
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
      addRecentDocument: vi.fn((p: string) => recentDocuments.push(p)),
    },
    BrowserWindow,
    // Quoted: this is the stand-in main-side IPC object, not a use of it (see the lint rule).
    'ipcMain': {
      handle: (channel: string, fn: Fn) => ipcHandlers.set(channel, fn),
      removeHandler: (c: string) => ipcHandlers.delete(c),
      on: (channel: string, fn: Fn) => ipcListeners.set(channel, [...(ipcListeners.get(channel) ?? []), fn]),
      removeListener: (channel: string, fn: Fn) => ipcListeners.set(channel, (ipcListeners.get(channel) ?? []).filter((f) => f !== fn)),
    },
    MessageChannelMain: class {
      port1: unknown;
      port2: unknown;
      constructor() {
        const { port1, port2 } = new NodeMessageChannel();
        this.port1 = toMainPort(port1);
        this.port2 = port2; // main hands this one to the page
      }
    },
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
    utilityProcess: { fork: vi.fn((file: string, args: string[] = []) => forkUtility(file, args)) },
  };

  // The page side of IPC: what the preload's ipcRenderer would see, and what it sends to main.
  const pageListeners = new Map<string, Fn[]>();
  const pageIpc = {
    on: (channel: string, fn: Fn) => pageListeners.set(channel, [...(pageListeners.get(channel) ?? []), fn]),
    send: (channel: string) => {
      const win = windows[0]!;
      const event = { sender: win.webContents, senderFrame: { parent: null, url: 'app://regula/index.html#/data' } };
      for (const fn of ipcListeners.get(channel) ?? []) fn(event);
    },
  };

  /** Electron's MessagePortMain shape over a worker_threads port (messages come as { data }). */
  function toMainPort(port: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
    return {
      raw: port,
      on(event: string, fn: Fn) {
        if (event === 'message') port.on('message', (data: unknown) => fn({ data, ports: [] }));
        else port.on(event, fn);
      },
      postMessage: (message: unknown, transfer?: unknown[]) => port.postMessage(message, transfer ?? []),
      start: () => port.start?.(),
      close: () => port.close(),
    };
  }

  /** The DOM MessagePort shape the preload gets. */
  function toDomPort(port: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
    const like = { onmessage: null as null | Fn, postMessage: (m: unknown, t?: unknown[]) => port.postMessage(m, t ?? []), close: () => port.close() };
    port.on('message', (data: unknown) => like.onmessage?.({ data }));
    return like;
  }

  /**
   * utilityProcess.fork: the engine host runs its real service here, fed through a stand-in
   * parentPort; a training worker is a real child process (the plain-Node launcher).
   */
  function forkUtility(file: string, args: string[]) {
    const record = { file, args, killed: false };
    forked.push(record);
    const listeners = new Map<string, Fn[]>();
    const emit = (event: string, ...args: unknown[]) => (listeners.get(event) ?? []).forEach((fn) => fn(...args));
    const toChild: Fn[] = [];
    let deliver: Fn | undefined;
    const child = {
      on(event: string, fn: Fn) {
        listeners.set(event, [...(listeners.get(event) ?? []), fn]);
        return child;
      },
      once(event: string, fn: Fn) {
        return child.on(event, fn);
      },
      postMessage(message: unknown, ports: unknown[] = []) {
        if (deliver) deliver(message, ports);
        else toChild.push(() => deliver!(message, ports));
      },
      kill() {
        record.killed = true;
        killWorker?.();
        return true;
      },
    };
    let killWorker: (() => void) | undefined;
    void (async () => {
      if (file.endsWith('hostProcess.js')) {
        const { startHostService } = await import('../../../electron/utility/hostService');
        const parentListeners: Fn[] = [];
        startHostService({
          on: (_event: 'message', fn: Fn) => parentListeners.push(fn),
          postMessage: (message: unknown) => setImmediate(() => emit('message', message)),
        });
        deliver = (message, ports) => setImmediate(() => parentListeners.forEach((fn) => fn({ data: message, ports })));
      } else {
        const { launchNodeWorker } = await import('../../../electron/engine/index');
        // The launch options main passed on, as the real worker would read them from its arguments.
        const worker = launchNodeWorker(args.includes('--warm-folds') ? { warmFoldHelpers: true } : {});
        worker.onMessage((m) => emit('message', m));
        worker.onExit((code) => emit('exit', code));
        killWorker = () => worker.kill();
        deliver = (message) => worker.send(message);
      }
      for (const send of toChild.splice(0)) send();
    })();
    return child;
  }

  return { electron, appEvents, ipcHandlers, ipcListeners, protocolHandlers, windows, permission, home, makeWebContents, pageIpc, forked, progressBar, recentDocuments };
});

vi.mock('electron', () => ({ ...fake.electron, default: fake.electron }));

beforeAll(async () => {
  fake.home.dir = mkdtempSync(path.join(tmpdir(), 'regula-main-'));
  for (const dir of ['documents', 'userData']) mkdirSync(path.join(fake.home.dir, dir), { recursive: true });
  await import('../../../electron/main/index');
  // Let the whenReady() continuation run.
  await new Promise((resolve) => setTimeout(resolve, 20));
});

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

  it('starts the engine host in a utility process and registers no contract handler in main', () => {
    expect(fake.forked.map((f) => path.basename(f.file))).toEqual(['hostProcess.js']);
    expect([...fake.ipcHandlers.keys()]).toEqual([]);
    expect([...fake.ipcListeners.keys()]).toEqual([LAB_CONNECT_CHANNEL]);
  });

  it('hands a port to the engine only to our own window\'s top frame', () => {
    const connect = fake.ipcListeners.get(LAB_CONNECT_CHANNEL)![0]!;
    const win = fake.windows[0]!;
    const strangers = [
      { sender: fake.makeWebContents(), senderFrame: { parent: null, url: 'app://regula/index.html' } },
      { sender: win.webContents, senderFrame: { parent: {}, url: 'app://regula/index.html' } },
      { sender: win.webContents, senderFrame: { parent: null, url: 'https://evil.example/' } },
      { sender: win.webContents, senderFrame: null },
    ];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const event of strangers) connect(event);
    warn.mockRestore();
    expect(win.webContents.posted).toEqual([]);
    for (const stranger of strangers) expect((stranger.sender as { posted?: unknown[] }).posted ?? []).toEqual([]);
  });

  it('delivers every contract event to the page over the port, with taskbar progress and recent documents', async () => {
    const bridge = createBridge(fake.pageIpc as never);
    const lab = createLabClient(createPreloadTransport(bridge));
    const seen = recordEvents(lab);
    expect(await lab.invoke('app:info', {})).toMatchObject({ mode: 'electron', canUseDialogs: true });
    // A trusted sender with a bad payload still meets the schema, now at the host's gate.
    await expect(lab.invoke('project:create', { name: 42 } as never)).rejects.toMatchObject({ detail: { code: 'invalid-input' } });
    await analystSession(lab, seen, 'Desktop session');
    // The native menu's command reaches the page too (the menu template's click handler).
    const template = fake.electron.Menu.setApplicationMenu.mock.calls[0]![0] as Array<{ submenu?: Array<{ label?: string; click?: () => void }> }>;
    const item = template.flatMap((m) => m.submenu ?? []).find((i) => i.label?.startsWith('Open Project'));
    item!.click!();
    await vi.waitFor(() => expect([...seen.keys()].sort()).toEqual([...SESSION_EVENTS].sort()));
    // Training ran in utility processes of its own, started by main at the host's request.
    expect(fake.forked.filter((f) => f.file.endsWith('trainWorker.js')).length).toBeGreaterThanOrEqual(2);
    // The waiting worker was told, through the host and main, to boot the CV fold helpers.
    expect(fake.forked.find((f) => f.file.endsWith('trainWorker.js'))?.args).toContain('--warm-folds');
    expect(fake.progressBar.some((v) => v > 0 && v <= 1)).toBe(true);
    expect(fake.progressBar.at(-1)).toBe(-1);
    expect(fake.recentDocuments).toHaveLength(1);
  }, 120_000);

  it('says no to every permission request and check but writing text to the clipboard', () => {
    const answers: boolean[] = [];
    fake.permission.request!({}, 'media', (granted: boolean) => answers.push(granted));
    fake.permission.request!({}, 'notifications', (granted: boolean) => answers.push(granted));
    fake.permission.request!({}, 'clipboard-read', (granted: boolean) => answers.push(granted));
    fake.permission.request!({}, 'clipboard-sanitized-write', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false, false, false, true]);
    expect(fake.permission.check!({}, 'clipboard-read')).toBe(false);
    expect(fake.permission.check!({}, 'clipboard-sanitized-write')).toBe(true);
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
