// The whole surface the page gets (`window.lab`): `invoke` for contract requests, `on` for contract
// events and `sendChunk` for upload bytes. They travel over a MessagePort straight to the engine
// host (main hands the port over after checking that this is our page), so main never relays
// engine work. Names outside the contract never leave the page, and neither ipcRenderer nor the
// port itself is ever handed to page code.
import {
  isEventName,
  isRequestChannel,
  type EventName,
  type PreloadBridge,
  type Reply,
} from '../../shared/contract';
import { LAB_CONNECT_CHANNEL, LAB_EVENT_CHANNEL, LAB_PORT_CHANNEL, type LabEventMessage } from './ipcNames';

/** A DOM MessagePort as the bridge uses it. */
export interface PortLike {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

/** The slice of ipcRenderer the bridge uses; injected so tests can drive it without Electron. */
export interface BridgeIpc {
  send(channel: string): void;
  on(channel: string, listener: (event: { ports?: readonly PortLike[] }, ...args: unknown[]) => void): unknown;
}

type PageHandler = (payload: unknown) => void;
type Settle = (value: unknown) => void;

export function createBridge(ipc: BridgeIpc): PreloadBridge {
  const subscribers = new Map<EventName, Set<PageHandler>>();
  const replies = new Map<number, Settle>();
  const acks = new Map<string, Settle>();
  let port: PortLike | null = null;
  // What the page sent before the port arrived goes out as soon as it does.
  let waiting: Array<{ message: unknown; transfer: ArrayBuffer[] }> = [];
  let nextId = 1;

  const deliver = (event: string, payload: unknown): void => {
    if (!isEventName(event)) return;
    for (const handler of [...(subscribers.get(event) ?? [])]) {
      try {
        handler(payload);
      } catch (err) {
        // One failing page handler must not starve the others of the event.
        console.error(`window.lab handler for ${event} threw`, err);
      }
    }
  };

  const post = (message: unknown, transfer: ArrayBuffer[] = []): void => {
    if (port) port.postMessage(message, transfer);
    else waiting.push({ message, transfer });
  };

  const fromHost = ({ data }: { data: unknown }): void => {
    if (!data || typeof data !== 'object') return;
    const m = data as { type?: unknown; id?: unknown; reply?: unknown; event?: unknown; payload?: unknown; uploadId?: unknown };
    if (m.type === 'reply' && typeof m.id === 'number') {
      replies.get(m.id)?.(m.reply);
      replies.delete(m.id);
    } else if (m.type === 'event' && typeof m.event === 'string') {
      deliver(m.event, m.payload);
    } else if (m.type === 'chunk-ack' && typeof m.uploadId === 'string') {
      acks.get(m.uploadId)?.(m);
      acks.delete(m.uploadId);
    } else if (m.type === 'refused') {
      console.warn('Regula engine refused a message', m);
    }
  };

  // A new port means a new engine host (the old one stopped): what the old one never answered
  // is answered now, as a failure the page can show.
  ipc.on(LAB_PORT_CHANNEL, (event) => {
    const next = event.ports?.[0];
    if (!next) return;
    if (port) {
      // Requests still queued for the first port are not lost: they go out below.
      const lost: Reply<never> = { ok: false, error: { code: 'disconnected', message: 'The Regula engine restarted; try again.' } };
      for (const settle of replies.values()) settle(lost);
      replies.clear();
      for (const [uploadId, settle] of acks) settle({ type: 'chunk-ack', uploadId, error: lost.error });
      acks.clear();
      port.close();
    }
    port = next;
    port.onmessage = fromHost;
    const queued = waiting;
    waiting = [];
    for (const { message, transfer } of queued) port.postMessage(message, transfer);
  });

  // Native menu commands come from main itself.
  ipc.on(LAB_EVENT_CHANNEL, (_event, message) => {
    if (!message || typeof message !== 'object') return;
    const { event, payload } = message as LabEventMessage;
    deliver(event, payload);
  });

  ipc.send(LAB_CONNECT_CHANNEL);

  return {
    invoke(channel: string, payload: unknown): Promise<unknown> {
      if (!isRequestChannel(channel)) {
        // Same reply the host's dispatch gives, so every transport fails the same way.
        const refused: Reply<never> = {
          ok: false,
          error: { code: 'unknown-channel', message: `Unknown request channel: ${String(channel).slice(0, 80)}` },
        };
        return Promise.resolve(refused);
      }
      const id = nextId++;
      return new Promise((resolve) => {
        replies.set(id, resolve);
        post({ type: 'request', id, channel, payload });
      });
    },

    on(event: string, handler: PageHandler): () => void {
      if (!isEventName(event)) throw new TypeError(`Unknown event: ${String(event).slice(0, 80)}`);
      if (typeof handler !== 'function') throw new TypeError('window.lab.on needs a handler function');
      let set = subscribers.get(event);
      if (!set) subscribers.set(event, (set = new Set()));
      set.add(handler);
      return () => {
        set.delete(handler);
      };
    },

    sendChunk(uploadId: string, offset: number, bytes: ArrayBuffer): Promise<unknown> {
      if (typeof uploadId !== 'string' || !Number.isSafeInteger(offset) || !(bytes instanceof ArrayBuffer)) {
        return Promise.resolve({ type: 'chunk-ack', uploadId: String(uploadId), error: { code: 'bad-chunk', message: 'An upload chunk must be bytes.' } });
      }
      return new Promise((resolve) => {
        acks.set(uploadId, resolve);
        // Transferred, not copied: the chunk moves to the host.
        post({ type: 'chunk', uploadId, offset, bytes }, [bytes]);
      });
    },
  };
}
