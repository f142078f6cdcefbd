// The engine host inside Electron's utility process: the composition root every face uses, with a
// Host whose dialogs and training processes are asked of main, and one session per page port. The
// window's process never runs engine work; this process does, and a crash here never takes the
// window down (main starts a new host and hands the page a new port).
import { FromHost, ToHost, type DialogKind } from '../app/hostProtocol';
import { createEngineHost, type EngineHost } from '../app/engineHost';
import type { Host } from '../app/host';
import { openSession } from '../app/session';
import { backendPreferenceFromEnv, keepWorkerWarm, type LaunchWorker, type WarmWorkers, type WorkerChannel } from '../engine/index';
import type { HostMessage } from '../../shared/wire';

/** Electron's `process.parentPort` as this service uses it (a stand-in in tests). */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown; ports: PagePort[] }) => void): void;
  postMessage(message: unknown): void;
}

/** A MessagePortMain as this service uses it. */
export interface PagePort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

export function startHostService(parent: ParentPortLike): void {
  const post = (message: FromHost) => parent.postMessage(message);
  let host: EngineHost | undefined;
  const dialogs = new Map<number, (path: string | null) => void>();
  const workers = new Map<number, { onMessage?: (m: unknown) => void; onExit?: (code: number | null) => void }>();
  let nextId = 1;

  const askDialog = (kind: DialogKind, suggestedName?: string) =>
    new Promise<string | null>((resolve) => {
      const id = nextId++;
      dialogs.set(id, resolve);
      post({ type: 'dialog', id, kind, ...(suggestedName !== undefined ? { suggestedName } : {}) });
    });

  // Training runs in a utility process of its own, which only main can start: main relays the
  // messages, so tfjs-node still gets a fresh process per run.
  const launchRelayed: LaunchWorker = (options = {}): WorkerChannel => {
    const workerId = nextId++;
    const entry: { onMessage?: (m: unknown) => void; onExit?: (code: number | null) => void } = {};
    workers.set(workerId, entry);
    post({ type: 'worker-launch', workerId, ...(options.backendPreference ? { backendPreference: options.backendPreference } : {}), ...(options.warmFoldHelpers ? { warmFoldHelpers: true } : {}) });
    return {
      send: (message) => post({ type: 'worker-send', workerId, message }),
      onMessage: (handler) => (entry.onMessage = handler),
      onExit: (handler) => (entry.onExit = handler),
      kill: () => post({ type: 'worker-kill', workerId }),
    };
  };

  let warm: WarmWorkers | undefined;

  const configure = (config: Extract<ToHost, { type: 'configure' }>) => {
    // One worker waits with its backend loaded, so a click on Train starts at once.
    warm = keepWorkerWarm(launchRelayed, { backendPreference: config.backendPreference ?? backendPreferenceFromEnv(), warmFoldHelpers: true });
    const electronHost: Host = {
      mode: 'electron',
      projectsHome: config.projectsHome,
      stateDir: config.stateDir,
      dialogs: {
        openProjectFolder: () => askDialog('openProjectFolder'),
        newProjectFolder: (name) => askDialog('newProjectFolder', name),
        openDataFile: () => askDialog('openDataFile'),
        saveFile: (name) => askDialog('saveFile', name),
      },
    };
    host = createEngineHost({
      host: electronHost,
      launchWorker: warm.launchWorker,
      version: config.version,
      ...(config.backendPreference ? { backendPreference: config.backendPreference } : {}),
      shellEffects: {
        projectOpened: (path) => post({ type: 'project-opened', path }),
        runStarted: (runId, epochs) => post({ type: 'run-started', runId, epochs }),
      },
    });
    host.events.on('training:progress', ({ runId, epoch }) => post({ type: 'run-progress', runId, epoch: epoch.epoch }));
    host.events.on('training:finished', ({ run }) => post({ type: 'run-finished', runId: run.id }));
    post({ type: 'ready' });
  };

  const connect = (port: PagePort) => {
    if (!host) {
      port.close();
      return;
    }
    const session = openSession(host, (message: HostMessage) => port.postMessage(message));
    port.on('message', ({ data }) => {
      if (isChunk(data)) session.receiveChunk({ type: 'chunk', uploadId: data.uploadId, offset: data.offset, bytes: new Uint8Array(data.bytes) });
      else session.receive(data);
    });
    port.on('close', () => session.close());
    port.start();
  };

  parent.on('message', ({ data, ports }) => {
    const parsed = ToHost.safeParse(data);
    if (!parsed.success) {
      console.warn('Regula host: ignored a message from main it could not read');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'configure':
        configure(message);
        return;
      case 'connect':
        for (const port of ports) connect(port);
        return;
      case 'dialog-reply':
        dialogs.get(message.id)?.(message.path);
        dialogs.delete(message.id);
        return;
      case 'worker-message':
        workers.get(message.workerId)?.onMessage?.(message.message);
        return;
      case 'worker-exit':
        workers.get(message.workerId)?.onExit?.(message.code);
        workers.delete(message.workerId);
        return;
      case 'shutdown':
        warm?.dispose();
        void (host?.dispose() ?? Promise.resolve()).finally(() => post({ type: 'shutdown-done' }));
        return;
    }
  });
}

// An upload chunk arrives over the port as a structured-clone message with its bytes transferred.
function isChunk(data: unknown): data is { type: 'chunk'; uploadId: string; offset: number; bytes: ArrayBuffer | Uint8Array } {
  if (!data || typeof data !== 'object') return false;
  const m = data as { type?: unknown; uploadId?: unknown; offset?: unknown; bytes?: unknown };
  return (
    m.type === 'chunk' &&
    typeof m.uploadId === 'string' &&
    typeof m.offset === 'number' &&
    Number.isSafeInteger(m.offset) &&
    (m.bytes instanceof ArrayBuffer || m.bytes instanceof Uint8Array)
  );
}
