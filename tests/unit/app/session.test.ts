// One page's session with the engine host, whatever the transport: every engine event is forwarded
// (those raised only on failure too), malformed messages get an error reply or notice, and a
// closed session forwards nothing more.
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HostMessage } from '../../../shared/wire';
import { createEngineHost, type EngineHost } from '../../../electron/app/engineHost';
import { openSession } from '../../../electron/app/session';
import { launchNodeWorker } from '../../../electron/engine/index';
import { FAILURE_ONLY } from '../faces/everyEvent';
import { tempDir } from '../helpers';

let host: EngineHost | undefined;
afterEach(async () => {
  await host?.dispose();
  host = undefined;
});

async function session() {
  const root = await tempDir();
  host = createEngineHost({ host: { mode: 'browser', projectsHome: path.join(root, 'p'), stateDir: path.join(root, 's') }, launchWorker: launchNodeWorker, version: 'test' });
  const sent: HostMessage[] = [];
  return { host, sent, session: openSession(host, (m) => sent.push(m)) };
}

const settle = () => new Promise((r) => setTimeout(r, 20));

describe('host session', () => {
  it.each(FAILURE_ONLY)('forwards %s, which only a failure raises', async (event) => {
    const { host: h, sent } = await session();
    h.events.emit(event, { message: 'Another Regula process took over this project.' } as never);
    expect(sent).toEqual([{ type: 'event', event, payload: { message: 'Another Regula process took over this project.' } }]);
  });

  it('answers malformed requests by id, or with a notice when there is no id', async () => {
    const { sent, session: s } = await session();
    s.receive({ type: 'request', id: 7, channel: 42, payload: {} });
    s.receive({ type: 'request', id: 1.5, channel: 'app:info', payload: {} });
    s.receive('hello?');
    s.receive({ type: 'request', id: 8, channel: 'no:such', payload: {} });
    await vi.waitFor(() => expect(sent.filter((m) => m.type === 'reply')).toHaveLength(2));
    await settle();
    expect(sent).toContainEqual({ type: 'reply', id: 7, reply: { ok: false, error: expect.objectContaining({ code: 'bad-message' }) } });
    expect(sent.filter((m) => m.type === 'refused')).toHaveLength(2);
    expect(sent).toContainEqual({ type: 'reply', id: 8, reply: { ok: false, error: expect.objectContaining({ code: 'unknown-channel' }) } });
  });

  it('forwards nothing after it is closed', async () => {
    const { host: h, sent, session: s } = await session();
    s.close();
    h.events.emit('project:lockLost', { message: 'x' });
    expect(sent).toEqual([]);
  });
});
