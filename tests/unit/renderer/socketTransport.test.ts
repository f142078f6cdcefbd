import { describe, expect, it } from 'vitest';
import { createLabClient } from '../../../shared/client';
import { LabError } from '../../../shared/contract';
import { createSocketTransport, tokenFromHash, type SocketLike } from '../../../renderer/src/transport/socketTransport';

type Listener = (ev: never) => void;

/** Plays the server's side of the browser-mode protocol by hand. */
function fakeSocket() {
  const listeners = new Map<string, Listener[]>();
  const sent: unknown[] = [];
  const fire = (type: string, ev?: unknown): void => {
    for (const l of listeners.get(type) ?? []) (l as (e: unknown) => void)(ev);
  };
  const socket = {
    readyState: 1,
    send: (data: string) => void sent.push(JSON.parse(data)),
    close: () => fire('close', { code: 1000, reason: '' }),
    addEventListener: (type: string, listener: Listener) => void listeners.set(type, [...(listeners.get(type) ?? []), listener]),
    fire,
    receive: (msg: unknown) => fire('message', { data: JSON.stringify(msg) }),
  } as unknown as SocketLike & { fire(type: string, ev?: unknown): void; receive(msg: unknown): void };
  return { socket, sent };
}

describe('browser-mode transport', () => {
  it('reads the token from the page hash', () => {
    expect(tokenFromHash('#token=abc-_1')).toBe('abc-_1');
    expect(tokenFromHash('')).toBeNull();
    expect(tokenFromHash('#token=')).toBeNull();
  });

  it('says hello with the token, holds requests until ready, and routes replies by id', async () => {
    const { socket, sent } = fakeSocket();
    const transport = createSocketTransport(() => socket, 'tok');
    const lab = createLabClient(transport);
    const info = lab.invoke('project:recent', {});
    socket.fire('open');
    expect(sent).toEqual([{ type: 'hello', token: 'tok' }]);

    socket.receive({ type: 'ready' });
    await transport.ready;
    await Promise.resolve();
    expect(sent[1]).toEqual({ type: 'request', id: 1, channel: 'project:recent', payload: {} });
    const second = lab.invoke('project:close', {});
    expect(sent[2]).toMatchObject({ id: 2, channel: 'project:close' });

    socket.receive({ type: 'reply', id: 2, reply: { ok: true, value: null } });
    socket.receive({ type: 'reply', id: 1, reply: { ok: false, error: { code: 'x', message: 'no state dir', file: 'recent.json' } } });
    await expect(second).resolves.toBeNull();
    await expect(info).rejects.toMatchObject({ detail: { message: 'no state dir', file: 'recent.json' } });
  });

  it('delivers events to subscribers until they unsubscribe', () => {
    const { socket } = fakeSocket();
    const lab = createLabClient(createSocketTransport(() => socket, 'tok'));
    const seen: number[] = [];
    const off = lab.on('training:progress', (p) => seen.push(p.epoch.epoch));
    const progress = (n: number) => ({ type: 'event', event: 'training:progress', payload: { runId: 'r', epoch: { epoch: n, loss: 1, epochMs: 1 } } });
    socket.receive(progress(1));
    off();
    socket.receive(progress(2));
    expect(seen).toEqual([1]);
  });

  it('turns a refused token into a disconnected state and fails pending requests with a readable error', async () => {
    const { socket } = fakeSocket();
    const transport = createSocketTransport(() => socket, 'wrong');
    const states: string[] = [];
    let why = '';
    transport.onStateChange((state, reason) => {
      states.push(state);
      why = reason ?? '';
    });
    const lab = createLabClient(transport);
    const pending = lab.invoke('app:info', {});
    socket.fire('open');
    socket.fire('close', { code: 4001, reason: 'bad token' });
    expect(states).toEqual(['disconnected']);
    expect(why).toContain('token');
    await expect(pending).rejects.toBeInstanceOf(LabError);
    await expect(lab.invoke('app:info', {})).rejects.toMatchObject({ detail: { code: 'disconnected' } });
  });

  it('takes a handshake refused while the server still answers for a refused token, and a dead server for a drop', async () => {
    // A browser sees a 401 handshake only as a socket that closed before it opened.
    for (const [serverUp, expected] of [[true, 'disconnected'], [false, 'connecting']] as const) {
      const { socket } = fakeSocket();
      const transport = createSocketTransport(() => socket, 'wrong', { serverAnswers: async () => serverUp, setTimer: () => 0, clearTimer: () => {} });
      const states: string[] = [];
      let why = '';
      transport.onStateChange((state, reason) => {
        states.push(state);
        why = reason ?? '';
      });
      socket.fire('close', { code: 1006, reason: '' });
      await new Promise((r) => setTimeout(r, 0));
      expect(states).toEqual([expected]);
      if (serverUp) expect(why).toContain('token');
    }
  });

  it('gives up on a request whose reply never comes, with a readable error', async () => {
    const { socket } = fakeSocket();
    const timers: (() => void)[] = [];
    const transport = createSocketTransport(() => socket, 'tok', { timeoutMs: () => 5000, setTimer: (fn) => timers.push(fn), clearTimer: () => {} });
    const lab = createLabClient(transport);
    socket.fire('open');
    socket.receive({ type: 'ready' });
    const waiting = lab.invoke('run:list', {});
    expect(timers).toHaveLength(1);
    timers[0]?.();
    await expect(waiting).rejects.toMatchObject({ detail: { code: 'timeout' } });
  });

  it('reconnects after a drop, says so, and keeps event subscriptions; then says how to recover when the server is gone', async () => {
    const sockets = [fakeSocket(), fakeSocket(), fakeSocket()];
    let opened = 0;
    const timers: (() => void)[] = [];
    const transport = createSocketTransport(() => sockets[opened++]!.socket, 'tok', { timeoutMs: () => 0, reconnectDelaysMs: [10], setTimer: (fn) => timers.push(fn), clearTimer: () => {} });
    const states: [string, string | undefined, boolean | undefined][] = [];
    transport.onStateChange((s, r, again) => states.push([s, r, again]));
    const lab = createLabClient(transport);
    const seen: number[] = [];
    lab.on('training:progress', (p) => seen.push(p.epoch.epoch));
    sockets[0]!.socket.fire('open');
    sockets[0]!.socket.receive({ type: 'ready' });
    const lost = lab.invoke('run:list', {});
    sockets[0]!.socket.fire('close', { code: 1006, reason: '' });
    await expect(lost).rejects.toMatchObject({ detail: { code: 'disconnected' } });
    expect(states.at(-1)?.[0]).toBe('connecting');
    // A request made while reconnecting waits for the new socket.
    const later = lab.invoke('run:list', {});
    timers.shift()?.();
    sockets[1]!.socket.fire('open');
    expect(sockets[1]!.sent[0]).toEqual({ type: 'hello', token: 'tok' });
    sockets[1]!.socket.receive({ type: 'ready' });
    expect(states.at(-1)).toEqual(['ready', undefined, true]);
    expect(sockets[1]!.sent[1]).toMatchObject({ type: 'request', channel: 'run:list' });
    sockets[1]!.socket.receive({ type: 'reply', id: (sockets[1]!.sent[1] as { id: number }).id, reply: { ok: true, value: [] } });
    await expect(later).resolves.toEqual([]);
    sockets[1]!.socket.receive({ type: 'event', event: 'training:progress', payload: { runId: 'r', epoch: { epoch: 4, loss: 1, epochMs: 1 } } });
    expect(seen).toEqual([4]);

    // The one retry allowed fails: the banner says what to do that works.
    sockets[1]!.socket.fire('close', { code: 1006, reason: '' });
    timers.shift()?.();
    sockets[2]!.socket.fire('close', { code: 1006, reason: '' });
    expect(states.at(-1)?.[0]).toBe('disconnected');
    expect(states.at(-1)?.[1]).toContain('npm run web');
  });

  it('checks replies and events against the contract when asked to', async () => {
    const { socket } = fakeSocket();
    const lab = createLabClient(createSocketTransport(() => socket, 'tok'), { validate: true });
    socket.fire('open');
    socket.receive({ type: 'ready' });
    const seen: unknown[] = [];
    lab.on('training:progress', (p) => seen.push(p));
    socket.receive({ type: 'event', event: 'training:progress', payload: { runId: 'r', epoch: { epoch: 'one' } } });
    expect(seen).toEqual([]);
    const reply = lab.invoke('run:list', {});
    socket.receive({ type: 'reply', id: 1, reply: { ok: true, value: [{ id: 'no-spec' }] } });
    await expect(reply).rejects.toMatchObject({ detail: { code: 'bad-reply' } });
  });
});
