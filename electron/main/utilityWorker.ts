// Training workers under Electron: a fresh utilityProcess per run (tfjs-node fails in a second
// worker thread, and a separate process can be killed mid-batch without touching the app).
// Implements the engine's WorkerChannel; the worker side listens on process.parentPort.
import { utilityProcess } from 'electron';
import { workerArguments, type LaunchWorker, type WorkerChannel } from '../engine/index';

export function utilityWorkerLauncher(workerFile: string): LaunchWorker {
  return (options = {}): WorkerChannel => {
    // The backend to load while the worker waits for a job, as the plain-Node launcher passes it.
    const args = workerArguments(options);
    const child = utilityProcess.fork(workerFile, args, {
      serviceName: 'Regula training',
      // The worker logs to stderr; let it reach the terminal that started the app.
      stdio: 'inherit',
    });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      send: (message) => {
        if (!exited) child.postMessage(message);
      },
      onMessage: (handler) => {
        child.on('message', (message: unknown) => handler(message));
      },
      onExit: (handler) => {
        child.on('exit', (code) => handler(code));
      },
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}
