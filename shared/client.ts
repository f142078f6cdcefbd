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
} from './contract';

export interface Transport {
  /** Sends one request; resolves with the raw reply envelope. */
  request(channel: RequestChannel, payload: unknown): Promise<unknown>;
  subscribe(event: EventName, handler: (payload: unknown) => void): () => void;
}

export interface LabClientOptions {
  /** Parse every reply value and event payload with the contract's schemas (development, tests). */
  validate?: boolean;
}

export function createLabClient(transport: Transport, options: LabClientOptions = {}): LabClient {
  const validate = options.validate === true;
  return {
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
  };
}
