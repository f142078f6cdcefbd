// Where the page comes from and how main recognises it. The packaged page is served on a private,
// privileged `app://regula` scheme rather than file:// — a file:// page shares its origin with every
// file on disk, while app:// serves only out/renderer (Electron security checklist, item 18).
// Pure module (no electron import) so the path and origin rules are unit-tested in plain Node.
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'regula';
export const APP_START_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The page's trusted location: scheme + host + port. (Node's URL gives custom schemes an opaque "null" origin, so compare parts.) */
export interface PageOrigin {
  protocol: string;
  host: string;
}

export function originOf(url: string): PageOrigin | null {
  try {
    const u = new URL(url);
    return { protocol: u.protocol, host: u.host };
  } catch {
    return null;
  }
}

export function isSameOrigin(url: string, trusted: PageOrigin): boolean {
  const o = originOf(url);
  return o !== null && o.protocol === trusted.protocol && o.host === trusted.host;
}

/** The dev server URL if it is http(s) on this machine, else undefined. */
export function localDevUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const u = new URL(raw);
    const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
    return local && (u.protocol === 'http:' || u.protocol === 'https:') ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Maps an app:// request to a file inside `rendererDir`, or null if it does not name one there.
 * Refuses other hosts, NUL bytes, bad escapes and anything that resolves outside the folder
 * (`..`, encoded `%2e%2e` or `%2f`, backslashes on Windows).
 */
export function resolveAppFile(rendererDir: string, requestUrl: string): string | null {
  let u: URL;
  try {
    u = new URL(requestUrl);
  } catch {
    return null;
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, '.' + pathname);
  const rel = path.relative(root, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return file;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

/** Module scripts refuse to run without a JavaScript MIME type, so the type is set explicitly. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
