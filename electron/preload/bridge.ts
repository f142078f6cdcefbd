// The whole surface the page gets (`window.lab`): `invoke` for contract requests and `on` for
// contract events. Names outside the contract never reach IPC, and the IpcRendererEvent (which
// carries `sender`, i.e. ipcRenderer itself) is never handed to page code.
import {
  isEventName,
  isRequestChannel,
  type EventName,
  type PreloadBridge,
  type Reply,
} from '../../shared/contract';
import { LAB_EVENT_CHANNEL, type LabEventMessage } from './ipcNames';

/** The slice of ipcRenderer the bridge uses; injected so tests can drive it without Electron. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type PageHandler = (payload: unknown) => void;

export function createBridge(ipc: BridgeIpc): PreloadBridge {
  const subscribers = new Map<EventName, Set<PageHandler>>();
  let listening = false;

  // One IPC listener for all events, added on first subscription, so page code that subscribes
  // often cannot pile up listeners on ipcRenderer.
  const onLabEvent = (_event: unknown, message: unknown): void => {
    if (!message || typeof message !== 'object') return;
    const { event, payload } = message as LabEventMessage;
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

  return {
    invoke(channel: string, payload: unknown): Promise<unknown> {
      if (!isRequestChannel(channel)) {
        // Same reply the main-side dispatch gives, so both transports fail the same way.
        const refused: Reply<never> = {
          ok: false,
          error: { code: 'unknown-channel', message: `Unknown request channel: ${String(channel).slice(0, 80)}` },
        };
        return Promise.resolve(refused);
      }
      return ipc.invoke(channel, payload);
    },

    on(event: string, handler: PageHandler): () => void {
      if (!isEventName(event)) throw new TypeError(`Unknown event: ${String(event).slice(0, 80)}`);
      if (typeof handler !== 'function') throw new TypeError('window.lab.on needs a handler function');
      let set = subscribers.get(event);
      if (!set) subscribers.set(event, (set = new Set()));
      set.add(handler);
      if (!listening) {
        ipc.on(LAB_EVENT_CHANNEL, onLabEvent);
        listening = true;
      }
      return () => {
        set.delete(handler);
        if (listening && [...subscribers.values()].every((s) => s.size === 0)) {
          ipc.removeListener(LAB_EVENT_CHANNEL, onLabEvent);
          listening = false;
        }
      };
    },
  };
}
