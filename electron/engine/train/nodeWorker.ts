// The plain-Node way to start a training worker (CLI, browser mode, tests): child_process.fork.
// From TypeScript sources the child loads tsx by absolute URL, so it works from any folder.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LaunchWorker, WorkerChannel } from './workerChannel';

export const launchNodeWorker: LaunchWorker = (): WorkerChannel => {
  const fromSource = import.meta.url.endsWith('.ts');
  const workerFile = fileURLToPath(new URL(fromSource ? './worker.ts' : './worker.js', import.meta.url));
  const execArgv = fromSource ? ['--import', import.meta.resolve('tsx')] : [];
  // The worker's stdout goes to our stderr: stdout belongs to the CLI's --json output.
  const child = fork(workerFile, [], { execArgv, stdio: ['ignore', 2, 2, 'ipc'] });
  return {
    send: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (handler) => child.on('message', handler),
    onExit: (handler) => child.on('exit', (code) => handler(code)),
    kill: () => {
      child.kill('SIGKILL');
    },
  };
};
