// @vitest-environment happy-dom
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLabClient } from '../../../shared/client';
import type { PreloadBridge } from '../../../shared/contract';
import { runMenuCommand } from '../../../renderer/src/menuCommands';
import { useErrorStore } from '../../../renderer/src/stores/errors';
import { useProjectStore } from '../../../renderer/src/stores/project';
import { useSessionStore } from '../../../renderer/src/stores/session';
import { createPreloadTransport } from '../../../renderer/src/transport/preloadTransport';
import { createFakeLab, dataset } from './fakeLab';

let pinia: Pinia;

beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
});

describe('Electron transport', () => {
  it('passes requests and events straight through window.lab', async () => {
    const sent: [string, unknown][] = [];
    let deliver: (payload: unknown) => void = () => {};
    const bridge: PreloadBridge = {
      invoke: async (channel, payload) => {
        sent.push([channel, payload]);
        return { ok: true, value: [] };
      },
      on: (_event, handler) => {
        deliver = handler;
        return () => {
          deliver = () => {};
        };
      },
      sendChunk: async (uploadId) => ({ type: 'chunk-ack', uploadId, received: 0 }),
    };
    const lab = createLabClient(createPreloadTransport(bridge));
    await expect(lab.invoke('project:recent', {})).resolves.toEqual([]);
    expect(sent).toEqual([['project:recent', {}]]);
    const seen: string[] = [];
    const off = lab.on('menu:command', (p) => seen.push(p.command));
    deliver({ command: 'project:open' });
    off();
    deliver({ command: 'project:new' });
    expect(seen).toEqual(['project:open']);
  });
});

describe('native menu commands', () => {
  it('opens the folder dialog through the engine', async () => {
    const lab = createFakeLab({ 'project:openDialog': () => ({ name: 'P', path: '/from/dialog', datasets: [] }), 'run:list': () => [] });
    useSessionStore().attach(lab);
    await runMenuCommand(pinia, { command: 'project:open' });
    expect(useProjectStore().current?.path).toBe('/from/dialog');
  });

  it('closes the open project and asks the picker for a new name', async () => {
    const lab = createFakeLab({ 'project:create': () => ({ name: 'P', path: '/p', datasets: [] }), 'run:list': () => [], 'project:close': () => null, 'project:recent': () => [] });
    useSessionStore().attach(lab);
    await useProjectStore().create('P');
    await runMenuCommand(pinia, { command: 'project:new' });
    expect(useProjectStore().current).toBeNull();
    expect(useProjectStore().newNameRequests).toBe(1);
  });

  it('asks for a project before importing', async () => {
    useSessionStore().attach(createFakeLab({}));
    await runMenuCommand(pinia, { command: 'dataset:import' });
    expect(useErrorStore().items[0]?.detail.message).toContain('Open or create a project');
  });

  it('imports through the dialog when a project is open', async () => {
    const lab = createFakeLab({
      'project:create': () => ({ name: 'P', path: '/p', datasets: [] }),
      'run:list': () => [],
      'dataset:importDialog': () => dataset(),
      'dataset:preview': () => ({ offset: 0, rows: [], total: 0 }),
    });
    useSessionStore().attach(lab);
    await useProjectStore().create('P');
    await runMenuCommand(pinia, { command: 'dataset:import' });
    expect(useProjectStore().datasets.map((d) => d.id)).toEqual(['ds-1']);
  });
});
