// The preload's `window.lab` bridge, driven through a fake ipcRenderer: only contract names reach
// IPC, events reach only their own subscribers, and page handlers never see the IPC event object.
import { describe, expect, it, vi } from 'vitest';
import { createBridge, type BridgeIpc } from '../../../electron/preload/bridge';
import { LAB_EVENT_CHANNEL } from '../../../electron/preload/ipcNames';

type Listener = (event: unknown, ...args: unknown[]) => void;

function fakeIpc() {
  const listeners = new Map<string, Set<Listener>>();
  const ipc = {
    invoke: vi.fn(async (channel: string, payload: unknown) => ({ ok: true, value: { channel, payload } })),
    on: vi.fn((channel: string, listener: Listener) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
    }),
    removeListener: vi.fn((channel: string, listener: Listener) => {
      listeners.get(channel)?.delete(listener);
    }),
  } satisfies BridgeIpc;
  // What main's webContents.send does: the IpcRendererEvent first (with `sender` = ipcRenderer).
  const emit = (message: unknown) => {
    const ipcEvent = { sender: ipc, senderId: 0, ports: [] };
    for (const listener of listeners.get(LAB_EVENT_CHANNEL) ?? []) listener(ipcEvent, message);
  };
  const listenerCount = () => listeners.get(LAB_EVENT_CHANNEL)?.size ?? 0;
  return { ipc, emit, listenerCount };
}

describe('preload bridge', () => {
  it('exposes exactly invoke and on', () => {
    expect(Object.keys(createBridge(fakeIpc().ipc)).sort()).toEqual(['invoke', 'on']);
  });

  it('forwards contract channels to IPC with their payload', async () => {
    const { ipc } = fakeIpc();
    const reply = await createBridge(ipc).invoke('project:create', { name: 'Housing' });
    expect(ipc.invoke).toHaveBeenCalledWith('project:create', { name: 'Housing' });
    expect(reply).toEqual({ ok: true, value: { channel: 'project:create', payload: { name: 'Housing' } } });
  });

  it.each(['lab:event', '__proto__', 'constructor', 'toString', 'ELECTRON_BROWSER_WINDOW_ALERT', 'app:info ', ''])(
    'refuses %j before anything is sent',
    async (channel) => {
      const { ipc } = fakeIpc();
      const reply = await createBridge(ipc).invoke(channel, {});
      expect(reply).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
      expect(ipc.invoke).not.toHaveBeenCalled();
    },
  );

  it('refuses subscriptions to names that are not contract events', () => {
    const { ipc } = fakeIpc();
    const bridge = createBridge(ipc);
    expect(() => bridge.on('lab:event', () => {})).toThrow(/Unknown event/);
    expect(() => bridge.on('__proto__', () => {})).toThrow(/Unknown event/);
    expect(ipc.on).not.toHaveBeenCalled();
  });

  it('delivers only the payload, only to subscribers of that event, until unsubscribed', () => {
    const { ipc, emit, listenerCount } = fakeIpc();
    const bridge = createBridge(ipc);
    const progress = vi.fn();
    const finished = vi.fn();
    const offProgress = bridge.on('training:progress', progress);
    bridge.on('training:finished', finished);
    expect(listenerCount()).toBe(1); // one IPC listener, however many page subscriptions

    const payload = { runId: 'r1', epoch: { epoch: 1, loss: 0.5, epochMs: 3 } };
    emit({ event: 'training:progress', payload });
    expect(progress).toHaveBeenCalledTimes(1);
    expect(progress.mock.calls[0]).toEqual([payload]); // no IpcRendererEvent, no sender
    expect(finished).not.toHaveBeenCalled();

    offProgress();
    offProgress(); // idempotent
    emit({ event: 'training:progress', payload });
    expect(progress).toHaveBeenCalledTimes(1);
  });

  it('drops malformed and unknown event messages', () => {
    const { ipc, emit } = fakeIpc();
    const handler = vi.fn();
    createBridge(ipc).on('menu:command', handler);
    for (const message of [null, 'menu:command', 42, { event: 'not-an-event', payload: {} }, { event: '__proto__' }]) emit(message);
    expect(handler).not.toHaveBeenCalled();
  });

  it('removes its IPC listener when the last subscriber leaves', () => {
    const { ipc, listenerCount } = fakeIpc();
    const bridge = createBridge(ipc);
    const off1 = bridge.on('training:progress', () => {});
    const off2 = bridge.on('menu:command', () => {});
    off1();
    expect(listenerCount()).toBe(1);
    off2();
    expect(listenerCount()).toBe(0);
  });

  it('keeps delivering to other handlers when one page handler throws', () => {
    const { ipc, emit } = fakeIpc();
    const bridge = createBridge(ipc);
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const good = vi.fn();
    bridge.on('menu:command', () => {
      throw new Error('page bug');
    });
    bridge.on('menu:command', good);
    emit({ event: 'menu:command', payload: { command: 'project:open' } });
    expect(good).toHaveBeenCalledWith({ command: 'project:open' });
    errors.mockRestore();
  });
});
