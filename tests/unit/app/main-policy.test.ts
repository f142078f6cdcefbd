// The Electron main process's decisions that need no Electron: which files app:// serves, which
// links may open outside, which IPC senders are trusted, what the taskbar shows, what the menu does.
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { APP_START_URL, contentTypeFor, isSameOrigin, localDevUrl, originOf, resolveAppFile } from '../../../electron/main/appOrigin';
import { APP_CSP } from '../../../electron/main/csp';
import { isAllowedExternalUrl } from '../../../electron/main/externalLinks';
import { buildMenuTemplate, type MenuActions } from '../../../electron/main/menuTemplate';
import { isTrustedSender, type SenderFacts } from '../../../electron/main/senderCheck';
import { withShellEffects } from '../../../electron/app/shellEffects';
import { TrainingProgress } from '../../../electron/main/trainingProgress';
import type { Handlers } from '../../../shared/contract';

const rendererDir = path.resolve('/opt/regula/out/renderer');

describe('app:// file mapping', () => {
  it('serves files inside the renderer folder', () => {
    expect(resolveAppFile(rendererDir, APP_START_URL)).toBe(path.join(rendererDir, 'index.html'));
    expect(resolveAppFile(rendererDir, 'app://regula/')).toBe(path.join(rendererDir, 'index.html'));
    expect(resolveAppFile(rendererDir, 'app://regula/assets/index-abc.js?v=1#x')).toBe(path.join(rendererDir, 'assets/index-abc.js'));
    expect(resolveAppFile(rendererDir, 'app://regula/assets/a%20b.css')).toBe(path.join(rendererDir, 'assets/a b.css'));
  });

  it.each([
    'app://regula/assets/..%2f..%2f..%2fetc%2fpasswd',
    'app://regula/index.html%00.js',
    'app://regula/%E0%A4%A',
    'app://evil/index.html',
    'file:///opt/regula/out/renderer/index.html',
    'https://regula/index.html',
    'not a url',
  ])('refuses %s', (url) => {
    expect(resolveAppFile(rendererDir, url)).toBeNull();
  });

  it.each([
    // The URL parser resolves these dot segments at the root, so they name a (missing) file inside.
    ['app://regula/../../etc/passwd', 'etc/passwd'],
    ['app://regula/%2e%2e/%2e%2e/etc/passwd', 'etc/passwd'],
  ])('keeps %s inside the folder', (url, inside) => {
    expect(resolveAppFile(rendererDir, url)).toBe(path.join(rendererDir, inside));
  });

  it('never leaves the folder through backslashes', () => {
    // On Windows `\` separates paths (refused as traversal); on POSIX it is an ordinary file-name
    // character, so the name may map to a missing file inside the folder — never outside it.
    const file = resolveAppFile(rendererDir, 'app://regula/..%5c..%5cwindows%5cwin.ini');
    if (file !== null) expect(file.startsWith(rendererDir + path.sep)).toBe(true);
  });

  it('gives module scripts a JavaScript type', () => {
    expect(contentTypeFor('a/index-x.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('index.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('x.unknown')).toBe('application/octet-stream');
  });

  it('sends a CSP without inline or eval script and without framing', () => {
    expect(APP_CSP).toContain("script-src 'self'");
    expect(APP_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(APP_CSP).toContain("frame-ancestors 'none'");
    expect(APP_CSP).toContain("object-src 'none'");
  });
});

describe('external links', () => {
  it.each(['https://github.com/tensorflow/tfjs', 'https://www.tensorflow.org/js', 'https://scikit-learn.org/stable/'])('opens %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });
  it.each([
    'http://github.com/',
    'file:///etc/passwd',
    'smb://server/share',
    'javascript:alert(1)',
    'https://github.com.evil.example/',
    'https://evil.example/?https://github.com',
    'https://user:pw@github.com/',
    'https://github.com:8443/',
    'ms-msdt:/id PCWDiagnostic',
    'https://' + 'a'.repeat(3000) + '.github.com/',
    42,
    null,
  ])('drops %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('IPC sender check', () => {
  const trusted = originOf(APP_START_URL)!;
  const ok: SenderFacts = { fromAppWindow: true, frameAlive: true, isTopFrame: true, frameUrl: 'app://regula/index.html#/runs' };

  it('trusts the top frame of our window on our origin', () => {
    expect(isTrustedSender(ok, trusted)).toBe(true);
  });
  it.each<[string, Partial<SenderFacts>]>([
    ['another webContents', { fromAppWindow: false }],
    ['a destroyed or navigated frame', { frameAlive: false }],
    ['a subframe', { isTopFrame: false }],
    ['a page that navigated away', { frameUrl: 'https://evil.example/' }],
    ['a file:// page', { frameUrl: 'file:///opt/regula/out/renderer/index.html' }],
    ['another app:// host', { frameUrl: 'app://evil/index.html' }],
    ['an empty URL', { frameUrl: '' }],
  ])('refuses %s', (_name, change) => {
    expect(isTrustedSender({ ...ok, ...change }, trusted)).toBe(false);
  });
  it('accepts a dev server URL only on this machine', () => {
    expect(localDevUrl('http://localhost:5173')).toBe('http://localhost:5173/');
    expect(localDevUrl('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
    expect(localDevUrl('https://evil.example/')).toBeUndefined();
    expect(localDevUrl('file:///tmp/index.html')).toBeUndefined();
    expect(localDevUrl(undefined)).toBeUndefined();
  });
  it('trusts the dev server only by exact scheme, host and port', () => {
    const dev = originOf('http://localhost:5173/')!;
    expect(isSameOrigin('http://localhost:5173/index.html', dev)).toBe(true);
    expect(isSameOrigin('http://localhost:5174/index.html', dev)).toBe(false);
    expect(isSameOrigin('https://localhost:5173/', dev)).toBe(false);
  });
});

describe('taskbar progress', () => {
  it('shows the mean fraction of epochs done and clears when no run is left', () => {
    const p = new TrainingProgress();
    expect(p.value()).toBe(-1);
    expect(p.started('a', 10)).toBe(0);
    expect(p.epoch('a', 5)).toBeCloseTo(0.5);
    p.started('b', 4);
    expect(p.epoch('b', 4)).toBeCloseTo((0.5 + 1) / 2);
    expect(p.epoch('a', 3)).toBeCloseTo((0.5 + 1) / 2); // never goes backwards
    expect(p.epoch('unknown', 1)).toBeCloseTo(0.75);
    expect(p.finished('b')).toBeCloseTo(0.5);
    expect(p.finished('a')).toBe(-1); // early stopping or cancel: the bar goes away
  });
});

describe('native menu', () => {
  function actions(platform: NodeJS.Platform): MenuActions & { sent: string[]; abouts: number } {
    const a = {
      platform,
      appName: 'Regula',
      isDev: false,
      sent: [] as string[],
      abouts: 0,
      command: (c: string) => a.sent.push(c),
      about: () => {
        a.abouts++;
      },
    };
    return a as MenuActions & { sent: string[]; abouts: number };
  }
  type Item = { label?: string; role?: string; submenu?: Item[]; click?: () => void; accelerator?: string };
  const find = (items: Item[], label: string): Item | undefined =>
    items.flatMap((i) => [i, ...(i.submenu ?? [])]).find((i) => i.label === label);

  it.each(['linux', 'win32', 'darwin'] as NodeJS.Platform[])('File and Help items do their job on %s', (platform) => {
    const a = actions(platform);
    const menu = buildMenuTemplate(a) as Item[];
    find(menu, 'New Project…')!.click!();
    find(menu, 'Open Project…')!.click!();
    find(menu, 'Import Data…')!.click!();
    expect(a.sent).toEqual(['project:new', 'project:open', 'dataset:import']);
    find(menu, 'About Regula')!.click!();
    expect(a.abouts).toBe(1);
    const quit = menu.flatMap((i) => i.submenu ?? []).find((i) => i.role === 'quit');
    expect(quit).toBeDefined();
  });

  it('offers DevTools only in development builds', () => {
    const roles = (isDev: boolean) =>
      (buildMenuTemplate({ ...actions('linux'), isDev }) as Item[]).flatMap((i) => i.submenu ?? []).map((i) => i.role);
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});

describe('shell effects around handlers', () => {
  const summary = { name: 'P', path: '/home/ana/Regula/P', datasets: [] };
  const base = {
    'project:create': vi.fn(async () => summary),
    'project:open': vi.fn(async () => summary),
    'project:openDialog': vi.fn(async () => null),
    'run:start': vi.fn(async () => ({ runId: 'r9' })),
  } as unknown as Handlers;

  it('records opened projects and started runs, and answers unchanged', async () => {
    const opened: string[] = [];
    const runs: Array<[string, number]> = [];
    const wrapped = withShellEffects(base, { projectOpened: (p) => opened.push(p), runStarted: (r, e) => runs.push([r, e]) });
    expect(await wrapped['project:open']({ path: summary.path })).toBe(summary);
    expect(await wrapped['project:openDialog']({})).toBeNull(); // cancelled dialog: nothing recorded
    expect(await wrapped['run:start']({ epochs: 25 } as never)).toEqual({ runId: 'r9' });
    expect(opened).toEqual([summary.path]);
    expect(runs).toEqual([['r9', 25]]);
  });

  it('never fails a request because a side effect failed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const wrapped = withShellEffects(base, {
      projectOpened: () => {
        throw new Error('no recent docs here');
      },
      runStarted: () => {},
    });
    expect(await wrapped['project:create']({ name: 'P' })).toBe(summary);
    warn.mockRestore();
  });
});
