// Main's side of the engine host: starts it in a utility process, answers its requests for what
// only main can do (dialogs, training processes, recent documents, taskbar progress) and connects
// each trusted page to it with a MessagePort. Main itself does no engine work, so the window's
// process never waits on an import, a model load or a prediction. A host that dies is started
// again and the page gets a new port.
import { MessageChannelMain, utilityProcess, type MessagePortMain, type UtilityProcess, type WebContents } from 'electron';
import { FromHost, type DialogKind, type ToHost } from '../app/hostProtocol';
import type { WorkerChannel } from '../engine/index';
import { LAB_PORT_CHANNEL } from '../preload/ipcNames';
import { utilityWorkerLauncher } from './utilityWorker';

export interface EngineHostProcessOptions {
  hostFile: string;
  workerFile: string;
  configure: Omit<Extract<ToHost, { type: 'configure' }>, 'type'>;
  dialog(kind: DialogKind, suggestedName?: string): Promise<string | null>;
  projectOpened(path: string): void;
  runStarted(runId: string, epochs: number): void;
  runProgress(runId: string, epoch: number): void;
  runFinished(runId: string): void;
  /** The page to hand a new port to after a restart of the host. */
  page(): WebContents | null;
}

export interface EngineHostProcess {
  /** Connects a page (already checked as trusted) to the host with a fresh MessagePort. */
  connect(contents: WebContents): void;
  /** Closes the open project (cancelling its runs, releasing its lock) and stops the host. */
  shutdown(): Promise<void>;
}

const RESTART_DELAY_MS = 500;

export function startEngineHostProcess(options: EngineHostProcessOptions): EngineHostProcess {
  const launchTrainingWorker = utilityWorkerLauncher(options.workerFile);
  let child: UtilityProcess;
  let stopping = false;
  let onShutdownDone: (() => void) | undefined;
  const workers = new Map<number, WorkerChannel>();

  const post = (message: ToHost, ports: MessagePortMain[] = []) => child.postMessage(message, ports);

  const spawn = () => {
    child = utilityProcess.fork(options.hostFile, [], { serviceName: 'Regula engine', stdio: 'inherit' });
    child.on('message', (raw: unknown) => handle(raw));
    child.once('exit', (code) => {
      for (const worker of workers.values()) worker.kill();
      workers.clear();
      if (stopping) {
        onShutdownDone?.();
        return;
      }
      console.error(`Regula: the engine process exited (code ${code}); starting it again.`);
      setTimeout(() => {
        spawn();
        const page = options.page();
        if (page && !page.isDestroyed()) connectPort(page);
      }, RESTART_DELAY_MS);
    });
    post({ type: 'configure', ...options.configure });
  };

  const handle = (raw: unknown) => {
    const parsed = FromHost.safeParse(raw);
    if (!parsed.success) {
      console.warn('Regula: ignored a message from the engine process it could not read');
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case 'dialog':
        void options
          .dialog(message.kind, message.suggestedName)
          .catch((err: unknown) => {
            console.error('Regula: a dialog failed', err);
            return null;
          })
          .then((path) => post({ type: 'dialog-reply', id: message.id, path }));
        return;
      case 'worker-launch': {
        const worker = launchTrainingWorker({
          ...(message.backendPreference ? { backendPreference: message.backendPreference } : {}),
          ...(message.warmFoldHelpers ? { warmFoldHelpers: true } : {}),
        });
        workers.set(message.workerId, worker);
        worker.onMessage((m) => post({ type: 'worker-message', workerId: message.workerId, message: m }));
        worker.onExit((code) => {
          workers.delete(message.workerId);
          post({ type: 'worker-exit', workerId: message.workerId, code });
        });
        return;
      }
      case 'worker-send':
        workers.get(message.workerId)?.send(message.message);
        return;
      case 'worker-kill':
        workers.get(message.workerId)?.kill();
        return;
      case 'project-opened':
        options.projectOpened(message.path);
        return;
      case 'run-started':
        options.runStarted(message.runId, message.epochs);
        return;
      case 'run-progress':
        options.runProgress(message.runId, message.epoch);
        return;
      case 'run-finished':
        options.runFinished(message.runId);
        return;
      case 'ready':
        return;
      case 'shutdown-done':
        child.kill();
        return;
    }
  };

  const connectPort = (contents: WebContents) => {
    const { port1, port2 } = new MessageChannelMain();
    post({ type: 'connect' }, [port1]);
    contents.postMessage(LAB_PORT_CHANNEL, null, [port2]);
  };

  spawn();
  return {
    connect: connectPort,
    shutdown: () =>
      new Promise<void>((resolve) => {
        stopping = true;
        onShutdownDone = resolve;
        post({ type: 'shutdown' });
        // A host that hangs on the way out must not keep the app from quitting.
        setTimeout(() => child.kill(), 10_000).unref();
      }),
  };
}
