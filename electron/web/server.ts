// Browser mode: the renderer served on 127.0.0.1 and the same handlers over a WebSocket.
// Only loopback is bound; a connection must come from our own origin and prove the per-session
// token in its first message before any request is served.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { EventName, EventOf } from '../../shared/contract';
import { dispatch } from '../app/dispatch';
import type { Host } from '../app/host';
import { createLab } from '../app/lab';
import { launchNodeWorker } from '../engine/train/nodeWorker';
import type { LaunchWorker } from '../engine/train/workerChannel';
import type { BackendPreference } from '../engine/index';
import { staticHandler } from './staticFiles';

export interface WebServerOptions {
  port?: number;
  projectsDir: string;
  stateDir: string;
  staticDir: string;
  token?: string;
  version: string;
  backendPreference?: BackendPreference;
  /** How training workers start (default: a fresh forked process per run). */
  launchWorker?: LaunchWorker;
}

export interface RunningWebServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), token: z.string().max(200) }),
  z.object({ type: z.literal('request'), id: z.number().int(), channel: z.string().max(100), payload: z.unknown() }),
]);

const MAX_MESSAGE_BYTES = 1024 * 1024 * 1024; // uploads arrive as base64 in one message

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const clients = new Set<WebSocket>();

  const host: Host = {
    mode: 'browser',
    projectsHome: options.projectsDir,
    stateDir: options.stateDir,
    emit<E extends EventName>(event: E, payload: EventOf<E>) {
      const text = JSON.stringify({ type: 'event', event, payload });
      for (const ws of clients) ws.send(text);
    },
  };
  const { handlers } = createLab({
    host,
    launchWorker: options.launchWorker ?? launchNodeWorker,
    version: options.version,
    ...(options.backendPreference ? { backendPreference: options.backendPreference } : {}),
  });

  const server = createServer(staticHandler(options.staticDir));
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  server.on('upgrade', (req, socket, head) => {
    const { port } = server.address() as AddressInfo;
    const allowedOrigins = [`http://127.0.0.1:${port}`, `http://localhost:${port}`];
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/lab' || !allowedOrigins.includes(req.headers.origin ?? '')) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  function serve(ws: WebSocket): void {
    let authenticated = false;
    const helloTimer = setTimeout(() => ws.close(4001, 'no hello'), 10_000);
    ws.on('message', async (data) => {
      let message: z.infer<typeof ClientMessage>;
      try {
        message = ClientMessage.parse(JSON.parse(data.toString()));
      } catch {
        ws.close(4002, 'bad message');
        return;
      }
      if (!authenticated) {
        if (message.type !== 'hello' || !sameToken(message.token, token)) {
          ws.close(4001, 'bad token');
          return;
        }
        authenticated = true;
        clearTimeout(helloTimer);
        clients.add(ws);
        ws.send(JSON.stringify({ type: 'ready' }));
        return;
      }
      if (message.type !== 'request') return;
      const reply = await dispatch(handlers, message.channel, message.payload);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'reply', id: message.id, reply }));
    });
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clients.delete(ws);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    close: async () => {
      for (const ws of clients) ws.close(1001, 'server closing');
      await handlers.dispose();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
