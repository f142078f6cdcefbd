// Browser mode: one WebSocket to the local server. The page URL carries a per-session token in its
// hash (never sent to the server in an HTTP request line); the first message proves we hold it.
// A dropped socket is opened again with back-off (the server keeps the project open meanwhile);
// every request has a time limit so a lost reply never leaves a button waiting for ever.
import type { EventName, RequestChannel } from '../../../shared/contract';
import type { Transport } from '../../../shared/client';
import { encodeChunkFrame } from '../../../shared/wire';

export type ConnectionState = 'connecting' | 'ready' | 'disconnected';

export interface SocketTransport extends Transport {
  /** Resolves once the server answered the first hello; rejects if the socket closes first. */
  readonly ready: Promise<void>;
  /** `reason` says what is happening and what the user can do; `reconnected` marks a ready after a drop. */
  onStateChange(listener: (state: ConnectionState, reason?: string, reconnected?: boolean) => void): () => void;
  close(): void;
}

/** The minimum of the WebSocket API this module uses, so tests can hand in a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string | Uint8Array<ArrayBuffer>): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (ev: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

export interface SocketTransportOptions {
  /** How long a request may wait for its reply; 0 = no limit. */
  timeoutMs?: (channel: RequestChannel) => number;
  /** Waits between reconnection attempts; when they run out, the page says the server is gone. */
  reconnectDelaysMs?: number[];
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  /**
   * Whether the server still answers plain HTTP. A handshake refused for a wrong token (401) reaches
   * a page only as a socket that closed before it opened; if the server answers meanwhile, it is up
   * and refused us, so retrying cannot help and the page says why.
   */
  serverAnswers?: () => Promise<boolean>;
}

// Requests that wait on a person (dialogs) or read a whole file may take minutes; the rest are quick.
const SLOW_CHANNELS = new Set<RequestChannel>([
  'dataset:import',
  'dataset:importDialog',
  'dataset:reimport',
  'project:openDialog',
  'run:predict',
]);

export function defaultTimeoutMs(channel: RequestChannel): number {
  return SLOW_CHANNELS.has(channel) ? 0 : 60_000;
}

export const DEFAULT_RECONNECT_DELAYS_MS = [250, 500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000];

interface Pending {
  channel: RequestChannel;
  resolve(reply: unknown): void;
  timer?: unknown;
}

const BAD_TOKEN = 4001;

export const SERVER_GONE =
  'Regula’s server stopped answering. If you closed it, start it again (npm run web) and open the new link it prints: each start has its own token, so this tab cannot join a new server.';
export const TOKEN_REFUSED = 'The server refused this page’s session token. Open the link Regula printed when it started (it ends in #token=…).';

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.length > 0 ? token : null;
}

export function createSocketTransport(openSocket: () => SocketLike, token: string, options: SocketTransportOptions = {}): SocketTransport {
  const timeoutOf = options.timeoutMs ?? defaultTimeoutMs;
  const delays = options.reconnectDelaysMs ?? DEFAULT_RECONNECT_DELAYS_MS;
  const setTimer = options.setTimer ?? ((fn: () => void, ms: number) => setTimeout(fn, ms));
  const clearTimer = options.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>));

  let state: ConnectionState = 'connecting';
  let everReady = false;
  let closedByUs = false;
  let attempt = 0;
  let nextId = 1;
  let socket: SocketLike;
  const pending = new Map<number, Pending>();
  // One chunk in flight per upload; its ack settles it.
  const chunkAcks = new Map<string, (ack: unknown) => void>();
  /** Requests made while (re)connecting; sent once the server has said ready. */
  let queued: (() => void)[] = [];
  const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState, reason?: string, reconnected?: boolean) => void>();

  let markReady: () => void = () => {};
  let markFailed: (err: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  // Nobody may be awaiting `ready` when the socket fails; the state listeners carry the news.
  ready.catch(() => {});

  function setState(next: ConnectionState, reason?: string, reconnected = false): void {
    state = next;
    for (const listener of stateListeners) listener(next, reason, reconnected);
  }

  function errorReply(code: string, message: string): unknown {
    return { ok: false, error: { code, message } };
  }

  function settle(id: number, reply: unknown): void {
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (waiting.timer !== undefined) clearTimer(waiting.timer);
    waiting.resolve(reply);
  }

  function connect(): void {
    const current = openSocket();
    socket = current;
    let opened = false;
    current.addEventListener('open', () => {
      opened = true;
      current.send(JSON.stringify({ type: 'hello', token }));
    });
    current.addEventListener('message', (ev) => onMessage(ev.data));
    current.addEventListener('close', (ev) => {
      if (current !== socket) return;
      if (opened || !options.serverAnswers || closedByUs) {
        onClose(ev.code);
        return;
      }
      void options.serverAnswers().then(
        (up) => onClose(up ? BAD_TOKEN : ev.code),
        () => onClose(ev.code),
      );
    });
  }

  function onMessage(data: unknown): void {
    if (typeof data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(data);
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    const m = msg as { type?: unknown; id?: unknown; reply?: unknown; event?: unknown; payload?: unknown };
    if (m.type === 'ready') {
      const again = everReady;
      everReady = true;
      attempt = 0;
      setState('ready', undefined, again);
      markReady();
      const waiting = queued;
      queued = [];
      for (const send of waiting) send();
    } else if (m.type === 'reply' && typeof m.id === 'number') {
      settle(m.id, m.reply);
    } else if (m.type === 'chunk-ack' && typeof (m as { uploadId?: unknown }).uploadId === 'string') {
      const uploadId = (m as { uploadId: string }).uploadId;
      const waiting = chunkAcks.get(uploadId);
      chunkAcks.delete(uploadId);
      waiting?.(m);
    } else if (m.type === 'refused') {
      console.warn('Regula server refused a message:', (m as { error?: { message?: string } }).error?.message);
    } else if (m.type === 'event' && typeof m.event === 'string') {
      const set = handlers.get(m.event as EventName);
      if (set) for (const handler of [...set]) handler(m.payload);
    }
  }

  function onClose(code: number): void {
    // Requests in flight will never be answered: settle them as error replies so the UI says so.
    const lost = [...pending.keys()];
    for (const id of lost) {
      const channel = pending.get(id)?.channel;
      settle(id, errorReply('disconnected', `The connection to Regula dropped before it answered (${channel}). Check the result, then try again.`));
    }
    // An upload's chunk in flight will never be acknowledged: the upload stops with that reason.
    for (const [uploadId, waiting] of chunkAcks) {
      chunkAcks.delete(uploadId);
      waiting({ type: 'chunk-ack', uploadId, error: { code: 'disconnected', message: 'The connection to Regula dropped while the file was being sent; send it again.' } });
    }
    if (closedByUs) return;
    if (code === BAD_TOKEN) {
      giveUp(TOKEN_REFUSED);
      return;
    }
    const delay = delays[attempt];
    if (delay === undefined) {
      giveUp(SERVER_GONE);
      return;
    }
    attempt++;
    setState('connecting', `Connection lost; reconnecting (attempt ${attempt} of ${delays.length})…`);
    setTimer(connect, delay);
  }

  function giveUp(reason: string): void {
    for (const send of queued) send();
    queued = [];
    markFailed(new Error(reason));
    setState('disconnected', reason);
  }

  connect();

  return {
    ready,
    request(channel: RequestChannel, payload: unknown): Promise<unknown> {
      if (state === 'disconnected') {
        return Promise.resolve(errorReply('disconnected', 'Not connected to the Regula server.'));
      }
      const id = nextId++;
      return new Promise((resolve) => {
        const entry: Pending = { channel, resolve };
        pending.set(id, entry);
        const limit = timeoutOf(channel);
        if (limit > 0) {
          entry.timer = setTimer(
            () => settle(id, errorReply('timeout', `Regula did not answer within ${Math.round(limit / 1000)} s (${channel}). It may still be busy; try again in a moment.`)),
            limit,
          );
        }
        const send = () => {
          if (!pending.has(id)) return;
          if (state === 'disconnected') settle(id, errorReply('disconnected', 'Not connected to the Regula server.'));
          else socket.send(JSON.stringify({ type: 'request', id, channel, payload }));
        };
        if (state === 'ready') send();
        else queued.push(send);
      });
    },
    sendChunk(uploadId: string, offset: number, bytes: ArrayBuffer): Promise<unknown> {
      if (state !== 'ready') {
        return Promise.resolve({ type: 'chunk-ack', uploadId, error: { code: 'disconnected', message: 'Not connected to the Regula server.' } });
      }
      return new Promise((resolve) => {
        chunkAcks.set(uploadId, resolve);
        socket.send(encodeChunkFrame(uploadId, offset, new Uint8Array(bytes)));
      });
    },
    subscribe(event, handler) {
      let set = handlers.get(event);
      if (!set) {
        set = new Set();
        handlers.set(event, set);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
      };
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => {
        stateListeners.delete(listener);
      };
    },
    close() {
      closedByUs = true;
      socket.close();
    },
  };
}
