// The desktop app used the way a person (and an attacker in the page) would: it opens one window on
// app://regula, talks to the engine through window.lab only, and its page cannot reach Node,
// navigate away, open windows or run inline script.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { electronBinary } from './electronBinary';

const binary = electronBinary();
const root = fileURLToPath(new URL('../..', import.meta.url));

test.skip('missing' in binary, `Electron binary not installed: ${'missing' in binary ? binary.missing : ''}`);

let app: ElectronApplication;
let page: Page;

test.beforeAll(async () => {
  if (!('executable' in binary)) return;
  const home = mkdtempSync(path.join(tmpdir(), 'regula-electron-'));
  app = await electron.launch({
    executablePath: binary.executable,
    args: ['.', ...(process.platform === 'linux' && process.getuid?.() === 0 ? ['--no-sandbox'] : [])],
    cwd: root,
    // Throwaway profile and Documents, so the test never touches a real user's projects.
    env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), XDG_DOCUMENTS_DIR: path.join(home, 'Documents') },
  });
  page = await app.firstWindow();
  await expect(page.getByTestId('app')).toHaveAttribute('data-ready', 'true');
});

test.afterAll(async () => {
  await app?.close();
});

test('opens one window on app://regula with the preload bridge and nothing else', async () => {
  expect(app.windows()).toHaveLength(1);
  expect(page.url()).toBe('app://regula/index.html');
  await expect(page).toHaveTitle('Regula');
  // Page code below runs in the browser; the test project's types are Node's, hence globalThis.
  const surface = await page.evaluate(() => {
    const page = globalThis as unknown as Record<string, unknown>;
    return {
      lab: Object.keys(page['lab'] as object).sort(),
      require: typeof page['require'],
      process: typeof page['process'],
      // Probing that the page has no IPC object (string key: naming it is what the lint rule bans).
      ipc: typeof page['ipcRenderer'],
    };
  });
  expect(surface).toEqual({ lab: ['invoke', 'on'], require: 'undefined', process: 'undefined', ipc: 'undefined' });
});

test('the window was created with the secure webPreferences', async () => {
  const prefs = await app.evaluate(({ BrowserWindow }) => {
    const contents = BrowserWindow.getAllWindows()[0]!.webContents;
    return (contents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
  });
  expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
});

test('window.lab answers contract requests and refuses anything else', async () => {
  const replies = await page.evaluate(async () => {
    const lab = (globalThis as unknown as { lab: { invoke(c: string, p: unknown): Promise<unknown> } }).lab;
    return {
      info: await lab.invoke('app:info', {}),
      unknown: await lab.invoke('fs:readFile', { path: '/etc/passwd' }),
      invalid: await lab.invoke('project:create', { name: 42 }),
    };
  });
  expect(replies.info).toMatchObject({ ok: true, value: { mode: 'electron', canUseDialogs: true } });
  expect(replies.unknown).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  expect(replies.invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
});

test('the page cannot open windows, navigate away or run inline script', async () => {
  type PageGlobals = {
    open(url: string): unknown;
    location: { href: string };
    document: { createElement(tag: string): { textContent: string }; head: { appendChild(node: unknown): void } };
    __inlineRan?: boolean;
  };
  const opened = await page.evaluate(() => (globalThis as unknown as PageGlobals).open('https://example.com/') === null);
  expect(opened).toBe(true);
  await page.evaluate(() => {
    (globalThis as unknown as PageGlobals).location.href = 'https://example.com/';
  });
  await page.waitForTimeout(500); // a refused navigation leaves no event to wait for
  expect(page.url()).toBe('app://regula/index.html');
  const inlineRan = await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const s = g.document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    g.document.head.appendChild(s);
    return g.__inlineRan === true;
  });
  expect(inlineRan).toBe(false);
  expect(app.windows()).toHaveLength(1);
});
