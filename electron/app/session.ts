// One page's conversation with the engine host, whatever carries it (Electron's MessagePort or the
// browser-mode WebSocket): requests go through the host's dispatch gate and are answered by id,
// upload chunks are written and acknowledged, and the engine's whole event stream is forwarded.
// Anything malformed gets an error reply (or ack); the connection and its other requests go on.
import { isEventName } from '../../shared/contract';
import { RequestMessage, type ChunkMessage, type HostMessage } from '../../shared/wire';
import { toUserError } from '../engine/index';
import type { EngineHost } from './engineHost';

export interface HostSession {
  /** A parsed JSON message from the page (anything: it is checked here). */
  receive(message: unknown): void;
  /** An upload chunk from the page. */
  receiveChunk(chunk: ChunkMessage): void;
  /** Stops forwarding events; replies still in flight are dropped. */
  close(): void;
}

export function openSession(host: EngineHost, send: (message: HostMessage) => void): HostSession {
  let open = true;
  const deliver = (message: HostMessage) => {
    if (open) send(message);
  };
  const stopEvents = host.events.onAny((event, payload) => {
    if (isEventName(event)) deliver({ type: 'event', event, payload });
  });

  return {
    receive(message) {
      const parsed = RequestMessage.safeParse(message);
      if (!parsed.success) {
        const id = requestIdOf(message);
        const error = { code: 'bad-message', message: 'The request was malformed (it needs a whole-number id, a channel name and a payload).' };
        // Without a usable id no request waits for the answer, so the page gets a notice instead.
        deliver(id !== undefined ? { type: 'reply', id, reply: { ok: false, error } } : { type: 'refused', error });
        return;
      }
      const { id, channel, payload } = parsed.data;
      void host.dispatch(channel, payload).then((reply) => deliver({ type: 'reply', id, reply }));
    },

    receiveChunk({ uploadId, offset, bytes }) {
      let written: Promise<number>;
      try {
        written = host.uploads.write(uploadId, offset, bytes);
      } catch (err) {
        deliver({ type: 'chunk-ack', uploadId, error: toUserError(err) });
        return;
      }
      written.then(
        (received) => deliver({ type: 'chunk-ack', uploadId, received }),
        (err: unknown) => deliver({ type: 'chunk-ack', uploadId, error: toUserError(err) }),
      );
    },

    close() {
      open = false;
      stopEvents();
    },
  };
}

function requestIdOf(message: unknown): number | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const id = (message as { id?: unknown }).id;
  return typeof id === 'number' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
}
