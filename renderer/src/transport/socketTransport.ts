// Browser mode: one WebSocket to the local server. The page URL carries a per-session token in its
// hash (never sent to the server in an HTTP request line); the first message proves we hold it.
import type { EventName, RequestChannel } from '../../../shared/contract';
import type { Transport } from '../../../shared/client';
import { encodeChunkFrame } from '../../../shared/wire';

export type ConnectionState = 'connecting' | 'ready' | 'disconnected';

export interface SocketTransport extends Transport {
  /** Resolves once the server answered the hello; rejects if the socket closes first. */
  readonly ready: Promise<void>;
  onStateChange(listener: (state: ConnectionState, reason?: string) => void): () => void;
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

interface Pending {
  resolve(reply: unknown): void;
}

const BAD_TOKEN = 4001;

export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.length > 0 ? token : null;
}

export function createSocketTransport(socket: SocketLike, token: string): SocketTransport {
  let state: ConnectionState = 'connecting';
  let nextId = 1;
  const pending = new Map<number, Pending>();
  // One chunk in flight per upload; its ack settles it.
  const chunkAcks = new Map<string, Pending>();
  const handlers = new Map<EventName, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState, reason?: string) => void>();

  let markReady: () => void = () => {};
  let markFailed: (err: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  // Nobody may be awaiting `ready` when the socket fails; the state listeners carry the news.
  ready.catch(() => {});

  function setState(next: ConnectionState, reason?: string): void {
    state = next;
    for (const listener of stateListeners) listener(next, reason);
  }

  function disconnectedReply(message: string): unknown {
    return { ok: false, error: { code: 'disconnected', message } };
  }

  socket.addEventListener('open', () => {
    socket.send(JSON.stringify({ type: 'hello', token }));
  });

  socket.addEventListener('message', (ev) => {
    if (typeof ev.data !== 'string') return;
    let msg: unknown;
    try {
      msg = JSON.parse(ev.data);
    } catch {
      return;
    }
    if (!msg || typeof msg !== 'object') return;
    const m = msg as { type?: unknown; id?: unknown; reply?: unknown; event?: unknown; payload?: unknown };
    if (m.type === 'ready') {
      setState('ready');
      markReady();
    } else if (m.type === 'reply' && typeof m.id === 'number') {
      const waiting = pending.get(m.id);
      if (waiting) {
        pending.delete(m.id);
        waiting.resolve(m.reply);
      }
    } else if (m.type === 'chunk-ack' && typeof (m as { uploadId?: unknown }).uploadId === 'string') {
      const uploadId = (m as { uploadId: string }).uploadId;
      const waiting = chunkAcks.get(uploadId);
      if (waiting) {
        chunkAcks.delete(uploadId);
        waiting.resolve(m);
      }
    } else if (m.type === 'refused') {
      console.warn('Regula server refused a message:', (m as { error?: { message?: string } }).error?.message);
    } else if (m.type === 'event' && typeof m.event === 'string') {
      const set = handlers.get(m.event as EventName);
      if (set) for (const handler of [...set]) handler(m.payload);
    }
  });

  socket.addEventListener('close', (ev) => {
    const reason =
      ev.code === BAD_TOKEN
        ? 'The server refused this page’s session token. Open the link Regula printed when it started.'
        : 'The connection to the Regula server was closed. Restart it and reload this page.';
    // Requests in flight will never be answered: settle them as error replies so the UI says so.
    for (const [id, waiting] of pending) {
      pending.delete(id);
      waiting.resolve(disconnectedReply(reason));
    }
    for (const [uploadId, waiting] of chunkAcks) {
      chunkAcks.delete(uploadId);
      waiting.resolve({ type: 'chunk-ack', uploadId, error: { code: 'disconnected', message: reason } });
    }
    markFailed(new Error(reason));
    setState('disconnected', reason);
  });

  return {
    ready,
    request(channel: RequestChannel, payload: unknown): Promise<unknown> {
      if (state === 'disconnected') {
        return Promise.resolve(disconnectedReply('Not connected to the Regula server.'));
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, { resolve });
        const send = () => socket.send(JSON.stringify({ type: 'request', id, channel, payload }));
        if (state === 'ready') send();
        else ready.then(send, () => {});
      });
    },
    sendChunk(uploadId: string, offset: number, bytes: ArrayBuffer): Promise<unknown> {
      if (state !== 'ready') {
        return Promise.resolve({ type: 'chunk-ack', uploadId, error: { code: 'disconnected', message: 'Not connected to the Regula server.' } });
      }
      return new Promise((resolve) => {
        chunkAcks.set(uploadId, { resolve });
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
      socket.close();
    },
  };
}
