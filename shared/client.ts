// The typed client both transports share: it checks each reply's envelope and turns error replies
// into LabError, so components see one behaviour whether they run in Electron or in a browser.
import {
  events,
  LabError,
  ReplyEnvelope,
  requests,
  type EventName,
  type EventOf,
  type LabClient,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
  type UploadOptions,
} from './contract';
import { ChunkAck } from './wire';

export interface Transport {
  /** Sends one request; resolves with the raw reply envelope. */
  request(channel: RequestChannel, payload: unknown): Promise<unknown>;
  subscribe(event: EventName, handler: (payload: unknown) => void): () => void;
  /** Sends one upload chunk as bytes; resolves with the host's raw ack. */
  sendChunk(uploadId: string, offset: number, bytes: ArrayBuffer): Promise<unknown>;
}

export interface LabClientOptions {
  /** Parse every reply value and event payload with the contract's schemas (development, tests). */
  validate?: boolean;
}

export function createLabClient(transport: Transport, options: LabClientOptions = {}): LabClient {
  const validate = options.validate === true;
  const client: LabClient = {
    async invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      const raw = await transport.request(channel, payload);
      const reply = ReplyEnvelope.safeParse(raw);
      if (!reply.success) {
        throw new LabError({ code: 'bad-reply', message: `The app sent an unreadable reply to ${channel}.` });
      }
      if (!reply.data.ok) throw new LabError(reply.data.error);
      if (!validate) return reply.data.value as ResponseOf<C>;
      const value = requests[channel].response.safeParse(reply.data.value);
      if (!value.success) {
        console.error(`[regula] reply to ${channel} does not match the contract`, value.error.issues);
        throw new LabError({ code: 'bad-reply', message: `The app sent a reply to ${channel} that does not match the contract.` });
      }
      return value.data as ResponseOf<C>;
    },
    on<E extends EventName>(event: E, handler: (payload: EventOf<E>) => void): () => void {
      if (!validate) return transport.subscribe(event, (payload) => handler(payload as EventOf<E>));
      return transport.subscribe(event, (payload) => {
        const parsed = events[event].safeParse(payload);
        if (parsed.success) handler(parsed.data as EventOf<E>);
        else console.error(`[regula] event ${event} does not match the contract; ignored`, parsed.error.issues);
      });
    },
    upload: (file, options) => uploadInChunks(client, transport, file, options),
  };
  return client;
}

// One chunk in flight per upload: the next is read from the file only when the host has written
// the last, so neither side holds more than a chunk of a large file.
async function uploadInChunks(client: LabClient, transport: Transport, file: Blob & { name?: string }, options: UploadOptions = {}): Promise<string> {
  const fileName = file.name || 'upload';
  const cancelled = () => new LabError({ code: 'cancelled', message: `Sending ${fileName} was cancelled; nothing was added.`, file: fileName });
  if (options.signal?.aborted) throw cancelled();
  const { uploadId, chunkBytes } = await client.invoke('upload:begin', { fileName, size: file.size });
  try {
    for (let offset = 0; offset < file.size; offset += chunkBytes) {
      if (options.signal?.aborted) throw cancelled();
      const bytes = await file.slice(offset, Math.min(file.size, offset + chunkBytes)).arrayBuffer();
      const ack = ChunkAck.safeParse(await transport.sendChunk(uploadId, offset, bytes));
      if (!ack.success) throw new LabError({ code: 'bad-reply', message: `The app sent an unreadable answer while receiving ${fileName}.` });
      if (ack.data.error) throw new LabError(ack.data.error);
      options.onProgress?.(file.size === 0 ? 1 : (ack.data.received ?? offset + bytes.byteLength) / file.size);
    }
    if (options.signal?.aborted) throw cancelled();
    options.onProgress?.(1);
    return uploadId;
  } catch (err) {
    // The host removes what it had written before we report the stop, so "nothing was added" is
    // true when the caller hears it; a failure to cancel must not hide the first error.
    await client.invoke('upload:cancel', { uploadId }).catch(() => undefined);
    throw err;
  }
}
