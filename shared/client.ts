// The typed client both transports share: it checks each reply's envelope and turns error replies
// into LabError, so components see one behaviour whether they run in Electron or in a browser.
import {
  LabError,
  ReplyEnvelope,
  type EventName,
  type EventOf,
  type LabClient,
  type RequestChannel,
  type RequestOf,
  type ResponseOf,
} from './contract';

export interface Transport {
  /** Sends one request; resolves with the raw reply envelope. */
  request(channel: RequestChannel, payload: unknown): Promise<unknown>;
  subscribe(event: EventName, handler: (payload: unknown) => void): () => void;
}

export function createLabClient(transport: Transport): LabClient {
  return {
    async invoke<C extends RequestChannel>(channel: C, payload: RequestOf<C>): Promise<ResponseOf<C>> {
      const raw = await transport.request(channel, payload);
      const reply = ReplyEnvelope.safeParse(raw);
      if (!reply.success) {
        throw new LabError({ code: 'bad-reply', message: `The app sent an unreadable reply to ${channel}.` });
      }
      if (!reply.data.ok) throw new LabError(reply.data.error);
      return reply.data.value as ResponseOf<C>;
    },
    on<E extends EventName>(event: E, handler: (payload: EventOf<E>) => void): () => void {
      return transport.subscribe(event, (payload) => handler(payload as EventOf<E>));
    },
  };
}
