// The preload's `window.lab` bridge, driven through a fake ipcRenderer and a real MessageChannel
// standing for the port main hands over: only contract names leave the page, requests wait for the
// port, replies and events come back over it, chunks are transferred, and a new port (engine
// restarted) answers what the old one never did.
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBridge, type BridgeIpc, type PortLike } from '../../../electron/preload/bridge';
import { LAB_CONNECT_CHANNEL, LAB_EVENT_CHANNEL, LAB_PORT_CHANNEL } from '../../../electron/preload/ipcNames';

type Listener = (event: { ports?: readonly PortLike[] }, ...args: unknown[]) => void;
const opened: MessagePort[] = [];
afterEach(() => {
  for (const p of opened.splice(0)) p.close();
});

/** A worker_threads port dressed as the DOM MessagePort the preload gets. */
function domPort(port: MessagePort): PortLike {
  opened.push(port);
  const like: PortLike = {
    onmessage: null,
    postMessage: (message, transfer) => port.postMessage(message, transfer ?? []),
    close: () => port.close(),
  };
  port.on('message', (data: unknown) => like.onmessage?.({ data }));
  return like;
}

function fakeIpc() {
  const listeners = new Map<string, Set<Listener>>();
  const sent: string[] = [];
  const ipc: BridgeIpc = {
    send: (channel) => sent.push(channel),
    on: (channel, listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    },
  };
  const fire = (channel: string, event: { ports?: readonly PortLike[] }, ...args: unknown[]) => {
    for (const listener of listeners.get(channel) ?? []) listener(event, ...args);
  };
  /** What main does: a port whose other end plays the host. */
  const givePort = () => {
    const { port1, port2 } = new MessageChannel();
    opened.push(port1);
    const received: unknown[] = [];
    port1.on('message', (m: unknown) => received.push(m));
    fire(LAB_PORT_CHANNEL, { ports: [domPort(port2)] });
    return { host: port1, received };
  };
  const menu = (message: unknown) => fire(LAB_EVENT_CHANNEL, { ports: [] }, message);
  return { ipc, sent, givePort, menu };
}

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('preload bridge', () => {
  it('exposes exactly invoke, on and sendChunk, and asks main for its port', () => {
    const { ipc, sent } = fakeIpc();
    expect(Object.keys(createBridge(ipc)).sort()).toEqual(['invoke', 'on', 'sendChunk']);
    expect(sent).toEqual([LAB_CONNECT_CHANNEL]);
  });

  it('holds requests until the port arrives, then routes replies by id', async () => {
    const { ipc, givePort } = fakeIpc();
    const bridge = createBridge(ipc);
    const reply = bridge.invoke('project:create', { name: 'Housing' });
    const { host, received } = givePort();
    await vi.waitFor(() => expect(received).toEqual([{ type: 'request', id: 1, channel: 'project:create', payload: { name: 'Housing' } }]));
    host.postMessage({ type: 'reply', id: 1, reply: { ok: true, value: 'done' } });
    expect(await reply).toEqual({ ok: true, value: 'done' });
  });

  it.each(['lab:event', '__proto__', 'constructor', 'toString', 'ELECTRON_BROWSER_WINDOW_ALERT', 'app:info ', ''])(
    'refuses %j before anything is sent',
    async (channel) => {
      const { ipc, givePort } = fakeIpc();
      const bridge = createBridge(ipc);
      const { received } = givePort();
      const reply = await bridge.invoke(channel, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
      await tick();
      expect(received).toEqual([]);
    },
  );

  it('refuses subscriptions to names that are not contract events', () => {
    const bridge = createBridge(fakeIpc().ipc);
    expect(() => bridge.on('lab:event', () => {})).toThrow(/Unknown event/);
    expect(() => bridge.on('__proto__', () => {})).toThrow(/Unknown event/);
  });

  it('delivers host events and menu commands to their own subscribers only, until unsubscribed', async () => {
    const { ipc, givePort, menu } = fakeIpc();
    const bridge = createBridge(ipc);
    const { host } = givePort();
    const progress = vi.fn();
    const commands = vi.fn();
    const offProgress = bridge.on('training:progress', progress);
    bridge.on('menu:command', commands);
    const payload = { runId: 'r1', epoch: { epoch: 1, loss: 0.5, epochMs: 3 } };
    host.postMessage({ type: 'event', event: 'training:progress', payload });
    host.postMessage({ type: 'event', event: 'not-an-event', payload });
    menu({ event: 'menu:command', payload: { command: 'project:open' } });
    for (const bad of [null, 'menu:command', 42, { event: '__proto__' }]) menu(bad);
    await vi.waitFor(() => expect(progress).toHaveBeenCalled());
    await tick(); // the bad event was posted after the good one; give it time to be (not) delivered
    expect(progress.mock.calls).toEqual([[payload]]);
    expect(commands.mock.calls).toEqual([[{ command: 'project:open' }]]);
    offProgress();
    offProgress(); // idempotent
    host.postMessage({ type: 'event', event: 'training:progress', payload });
    await tick();
    expect(progress).toHaveBeenCalledTimes(1);
  });

  it('transfers chunk bytes to the host and resolves with its ack', async () => {
    const { ipc, givePort } = fakeIpc();
    const bridge = createBridge(ipc);
    const { host, received } = givePort();
    const bytes = new Uint8Array([1, 2, 3, 4]).buffer;
    const ack = bridge.sendChunk('u-1', 0, bytes);
    expect(bytes.byteLength).toBe(0); // moved, not copied
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const chunk = received[0] as { type: string; uploadId: string; offset: number; bytes: ArrayBuffer };
    expect(chunk).toMatchObject({ type: 'chunk', uploadId: 'u-1', offset: 0 });
    expect([...new Uint8Array(chunk.bytes)]).toEqual([1, 2, 3, 4]);
    host.postMessage({ type: 'chunk-ack', uploadId: 'u-1', received: 4 });
    expect(await ack).toEqual({ type: 'chunk-ack', uploadId: 'u-1', received: 4 });
  });

  it('answers what a stopped host never did when main hands over a new port', async () => {
    const { ipc, givePort } = fakeIpc();
    const bridge = createBridge(ipc);
    givePort();
    const lost = bridge.invoke('run:list', {});
    await tick();
    const second = givePort();
    expect(await lost).toMatchObject({ ok: false, error: { code: 'disconnected' } });
    const next = bridge.invoke('run:list', {});
    await tick();
    second.host.postMessage({ type: 'reply', id: 2, reply: { ok: true, value: [] } });
    expect(await next).toEqual({ ok: true, value: [] });
  });

  it('keeps delivering to other handlers when one page handler throws', () => {
    const { ipc, menu } = fakeIpc();
    const bridge = createBridge(ipc);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    bridge.on('menu:command', () => {
      throw new Error('page bug');
    });
    bridge.on('menu:command', good);
    menu({ event: 'menu:command', payload: { command: 'project:open' } });
    expect(good).toHaveBeenCalledWith({ command: 'project:open' });
    errors.mockRestore();
  });
});
