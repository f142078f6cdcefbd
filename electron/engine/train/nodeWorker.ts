// The plain-Node way to start a training worker (CLI, browser mode, tests): child_process.fork.
// Built (out/node/*.js, the CLI and browser mode as installed) it forks the built worker next to
// it on plain Node. From TypeScript sources (Vitest) the child loads tsx by absolute URL, so tests
// run the worker's current sources from any folder; that is the only place tsx is used.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { workerArguments, type LaunchWorker, type WorkerChannel } from './workerChannel';

/** Launches the given worker script with child_process.fork (tests pass their own scripts and arguments). */
export function nodeWorkerLauncher(workerFile: string, execArgv: string[] = [], extraArgs: string[] = []): LaunchWorker {
  return (options = {}): WorkerChannel => {
    const args = [...workerArguments(options), ...extraArgs];
    // The worker's stdout goes to our stderr: stdout belongs to the CLI's --json output.
    const child = fork(workerFile, args, { execArgv, stdio: ['ignore', 2, 2, 'ipc'] });
    // A send racing the worker's exit (or a failed spawn) is an 'error' event; unheard it would take
    // the whole app down. The exit that follows settles the job.
    child.on('error', (err) => console.warn(`Regula: training process: ${err.message}`));
    return {
      send: (message) => {
        if (child.connected) child.send(message as object);
      },
      onMessage: (handler) => child.on('message', handler),
      onExit: (handler) => child.on('exit', (code) => handler(code)),
      kill: () => {
        child.kill('SIGKILL');
      },
      unref: () => {
        child.unref();
        child.channel?.unref();
      },
      ref: () => {
        child.ref();
        child.channel?.ref();
      },
    };
  };
}

const fromSource = import.meta.url.endsWith('.ts');

export const launchNodeWorker: LaunchWorker = fromSource
  ? nodeWorkerLauncher(fileURLToPath(new URL('./worker.ts', import.meta.url)), ['--import', import.meta.resolve('tsx')])
  : nodeWorkerLauncher(fileURLToPath(new URL('./trainWorker.js', import.meta.url)));
