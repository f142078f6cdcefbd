// `npm run web` / `node build/web.mjs`: starts browser mode and prints the URL to open.
import { Command } from 'commander';
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readPackageVersion } from '../app/version';
import { backendPreferenceFromEnv, keepWorkerWarm, launchNodeWorker } from '../engine/index';
import { startWebServer } from './server';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const program = new Command()
  .name('regula-web')
  .description('Run Regula in browser mode on 127.0.0.1')
  .option('--port <n>', 'port to listen on (0 = any free port)', '0')
  .option('--projects-dir <dir>', 'folder where new projects are created', path.join(os.homedir(), 'Regula Projects'))
  .option('--state-dir <dir>', 'folder for app state such as recent projects', path.join(os.homedir(), '.regula'))
  .option('--token <token>', 'session token (default: random); for tests', process.env.REGULA_TOKEN)
  .option('--no-open', 'accepted for compatibility; the URL is printed, not opened')
  .parse();

const opts = program.opts<{ port: string; projectsDir: string; stateDir: string; token?: string }>();
await mkdir(opts.projectsDir, { recursive: true });
await mkdir(opts.stateDir, { recursive: true });
// A worker with TensorFlow.js loaded waits for the next click on Train (started now, while the
// page loads).
const workers = keepWorkerWarm(launchNodeWorker, { backendPreference: backendPreferenceFromEnv(), warmFoldHelpers: true });
const server = await startWebServer({
  launchWorker: workers.launchWorker,
  port: Number(opts.port),
  projectsDir: path.resolve(opts.projectsDir),
  stateDir: path.resolve(opts.stateDir),
  staticDir: path.join(repoRoot, 'out', 'renderer'),
  version: await readPackageVersion(),
  ...(opts.token ? { token: opts.token } : {}),
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  workers.dispose();
  try {
    await server.close();
    process.exit(0);
  } catch (err) {
    console.error(`Regula: closing browser mode failed: ${(err as Error).message}`);
    process.exit(1);
  }
};
// Before the URL is printed: whoever reads it may stop us at once, and a signal that arrives
// before a handler is installed kills the process with the default action (seen under load: a
// test that sent SIGTERM on reading the URL got exit code 1 about one time in eight).
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// One write, so whoever reads our output gets the URL and the folder together.
process.stdout.write(`Regula is running at ${server.url}\nProjects are created in ${path.resolve(opts.projectsDir)}. Press Ctrl+C to stop.\n`);
