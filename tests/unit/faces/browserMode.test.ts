// Browser mode's real wiring — the server, a real WebSocket, the page's own socket transport and
// typed client — carries every contract event the engine raises to the page.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLabClient } from '../../../shared/client';
import { createSocketTransport, type SocketLike } from '../../../renderer/src/transport/socketTransport';
import { startWebServer, type RunningWebServer } from '../../../electron/web/server';
import { labProtocols } from '../../../shared/wire';
import { tempDir } from '../helpers';
import { SESSION_EVENTS, DESKTOP_ONLY, analystSession, recordEvents } from './everyEvent';

let server: RunningWebServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('browser mode forwards every engine event to the page', () => {
  it('import, training and sweep events all arrive over the WebSocket', async () => {
    const root = await tempDir();
    await mkdir(path.join(root, 'static'));
    await writeFile(path.join(root, 'static', 'index.html'), '<!doctype html><title>Regula</title>');
    server = await startWebServer({ projectsDir: path.join(root, 'projects'), stateDir: path.join(root, 'state'), staticDir: path.join(root, 'static'), token: 't0k', version: 'test', backendPreference: 'wasm' });
    const port = server.port;
    const transport = createSocketTransport(() => new WebSocket(`ws://127.0.0.1:${port}/lab`, labProtocols('t0k'), { origin: `http://127.0.0.1:${port}` }) as unknown as SocketLike, 't0k');
    await transport.ready;
    const lab = createLabClient(transport);
    const seen = recordEvents(lab);
    await analystSession(lab, seen, 'Every event');
    expect([...seen.keys()].sort()).toEqual(SESSION_EVENTS.filter((e) => !DESKTOP_ONLY.includes(e)).sort());
    transport.close();
  }, 120_000);
});
