// The one gate every request passes, whichever transport brought it: unknown channels and payloads
// that do not parse are refused before any handler runs, and every outcome is a Reply value.
import {
  isRequestChannel,
  requests,
  type Handlers,
  type Reply,
  type RequestChannel,
} from '../../shared/contract';
import { toUserError } from '../engine/index';

export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<Reply<unknown>> {
  if (!isRequestChannel(channel)) {
    return { ok: false, error: { code: 'unknown-channel', message: `Unknown request channel: ${typeof channel === 'string' ? channel.slice(0, 80) : typeof channel}` } };
  }
  const parsed = requests[channel].request.safeParse(payload ?? {});
  if (!parsed.success) {
    return { ok: false, error: toUserError(parsed.error) };
  }
  try {
    const handler = handlers[channel] as (p: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: toUserError(err) };
  }
}

export type { RequestChannel };
