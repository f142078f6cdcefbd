// Browser mode: the renderer served on 127.0.0.1 and the engine host over a WebSocket.
// Only loopback is bound; every HTTP request and upgrade must name our host and port (a DNS
// rebinding page cannot), a connection must come from our own origin and prove the per-session
// token in its handshake (a subprotocol, see shared/wire.ts) — no socket exists, so no message is
// read, before that — then say a small hello, and no message is bigger than one upload chunk. A malformed message gets an error reply; the connection goes on.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CHUNK_BYTES, LAB_PROTOCOL, TOKEN_PATTERN, decodeChunkFrame, tokenFromProtocols, type HostMessage } from '../../shared/wire';
import { createEngineHost } from '../app/engineHost';
import type { Host } from '../app/host';
import { openSession } from '../app/session';
import { launchNodeWorker, type BackendPreference, type LaunchWorker } from '../engine/index';
import { Downloads } from './downloads';
import { jsonDepthExceeds } from './jsonDepth';
import { RateLimit } from './rateLimit';
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

// A chunk frame: the bytes plus a small header. Nothing else comes near this size.
const MAX_FRAME_BYTES = CHUNK_BYTES + 4096;
// Control messages (requests) are small; a bigger text frame is refused before parsing.
const MAX_TEXT_BYTES = 256 * 1024;
const MAX_JSON_DEPTH = 64;
const MAX_HELLO_BYTES = 1024;
const MAX_CONNECTIONS = 16;
const MAX_IN_FLIGHT = 64;

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  if (!TOKEN_PATTERN.test(token)) throw new Error('The session token may hold only letters, digits and _ ~ . - (it travels in the WebSocket handshake).');
  const clients = new Set<WebSocket>();
  const downloads = new Downloads();

  const host: Host = {
    mode: 'browser',
    projectsHome: options.projectsDir,
    stateDir: options.stateDir,
    offerDownload: (file, fileName) => downloads.offer(file, fileName),
  };
  const engineHost = createEngineHost({
    host,
    launchWorker: options.launchWorker ?? launchNodeWorker,
    version: options.version,
    ...(options.backendPreference ? { backendPreference: options.backendPreference } : {}),
  });

  const ownHosts = (): string[] => {
    const { port } = server.address() as AddressInfo;
    return [`127.0.0.1:${port}`, `localhost:${port}`];
  };
  const fromOwnHost = (req: IncomingMessage) => ownHosts().includes(req.headers.host ?? '');

  const serveStatic = staticHandler(options.staticDir);
  const server = createServer((req, res) => {
    if (!fromOwnHost(req)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (downloads.handles(req)) {
      void downloads.serve(req, res);
      return;
    }
    void serveStatic(req, res);
  });
  // Our protocol only: the token the page offered beside it is never echoed back.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, handleProtocols: (offered) => (offered.has(LAB_PROTOCOL) ? LAB_PROTOCOL : false) });

  server.on('upgrade', (req, socket, head) => {
    const allowedOrigins = ownHosts().map((h) => `http://${h}`);
    const refuse = (status: string) => {
      socket.write(`HTTP/1.1 ${status}\r\n\r\n`);
      socket.destroy();
    };
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/lab' || !fromOwnHost(req) || !allowedOrigins.includes(req.headers.origin ?? '')) {
      refuse('403 Forbidden');
      return;
    }
    const offered = tokenFromProtocols(req.headers['sec-websocket-protocol']);
    if (offered === undefined || !sameToken(offered, token)) {
      refuse('401 Unauthorized');
      return;
    }
    if (clients.size >= MAX_CONNECTIONS) {
      refuse('503 Service Unavailable');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  function serve(ws: WebSocket): void {
    clients.add(ws);
    let authenticated = false;
    let inFlight = 0;
    const rate = new RateLimit(400, 2000);
    const helloTimer = setTimeout(() => ws.close(4001, 'no hello'), 10_000);
    const send = (message: HostMessage) => {
      if (ws.readyState !== ws.OPEN) return;
      if (message.type === 'reply') inFlight--;
      ws.send(JSON.stringify(message));
    };
    const session = openSession(engineHost, send);
    const refuse = (code: string, message: string) => send({ type: 'refused', error: { code, message } });

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = asBytes(data);
      if (!authenticated) {
        // The handshake proved the token; the hello (small, and the token again) says the page is
        // ready and lets an old page that skipped the handshake check fail here, not later.
        const hello = !isBinary && bytes.length <= MAX_HELLO_BYTES ? parseJson(bytes) : undefined;
        if (!isHello(hello) || !sameToken(hello.token, token)) {
          ws.close(4001, 'bad token');
          return;
        }
        authenticated = true;
        clearTimeout(helloTimer);
        ws.send(JSON.stringify({ type: 'ready' }));
        return;
      }
      if (!rate.take()) {
        refuse('rate-limited', 'Too many messages at once; slow down.');
        return;
      }
      if (isBinary) {
        const chunk = decodeChunkFrame(bytes);
        if (chunk) session.receiveChunk(chunk);
        else refuse('bad-message', 'A binary message that is not an upload chunk was ignored.');
        return;
      }
      if (bytes.length > MAX_TEXT_BYTES) {
        refuse('message-too-large', `A message of ${bytes.length} bytes was refused; requests are at most ${MAX_TEXT_BYTES} bytes (files go as upload chunks).`);
        return;
      }
      if (jsonDepthExceeds(bytes, MAX_JSON_DEPTH)) {
        refuse('message-too-deep', `A message nested deeper than ${MAX_JSON_DEPTH} levels was refused.`);
        return;
      }
      const message = parseJson(bytes);
      if (inFlight >= MAX_IN_FLIGHT) {
        refuse('busy', `More than ${MAX_IN_FLIGHT} requests are waiting for answers; wait for some.`);
        return;
      }
      inFlight++;
      if (!isRequest(message)) inFlight--; // answered (if at all) without a reply to count down
      session.receive(message);
    });
    // A frame past maxPayload or a broken frame ends this connection only; without a listener the
    // error would take the whole server down.
    ws.on('error', (err) => console.warn(`Regula: a browser connection failed: ${err.message}`));
    ws.on('close', () => {
      clearTimeout(helloTimer);
      clients.delete(ws);
      session.close();
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
      await engineHost.dispose();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function asBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
  } catch {
    return undefined; // not JSON: the session answers it as a malformed message
  }
}

function isHello(value: unknown): value is { type: 'hello'; token: string } {
  return !!value && typeof value === 'object' && (value as { type?: unknown }).type === 'hello' && typeof (value as { token?: unknown }).token === 'string';
}

function isRequest(value: unknown): boolean {
  if (!value || typeof value !== 'object') return false;
  const { type, id } = value as { type?: unknown; id?: unknown };
  return type === 'request' && typeof id === 'number' && Number.isSafeInteger(id) && id >= 0;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
