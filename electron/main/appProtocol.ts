// Serves out/renderer on app://regula. The scheme must be declared privileged before `ready`
// (standard + secure, so the page gets a real origin, module scripts and 'self' in the CSP).
import { readFile } from 'node:fs/promises';
import { protocol, type Protocol } from 'electron';
import { APP_SCHEME, contentTypeFor, resolveAppFile } from './appOrigin';
import { APP_CSP } from './csp';

export function declareAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function serveAppScheme(target: Protocol, rendererDir: string): void {
  target.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(rendererDir, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        headers: {
          'content-type': contentTypeFor(file),
          'content-security-policy': APP_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('Not found', { status: 404 });
    }
  });
}
