// Starts browser mode the way a person would (`node build/web.mjs`), on any free port, with its own
// temporary folders, and hands the printed URL (which carries the session token) to the tests.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const URL_LINE = /Regula is running at (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/;

export default async function globalSetup(): Promise<() => Promise<void>> {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'regula-e2e-'));
  const child = spawn(
    process.execPath,
    ['build/web.mjs', '--port', '0', '--projects-dir', path.join(tmp, 'projects'), '--state-dir', path.join(tmp, 'state'), '--no-open'],
    // A checkpoint every 50 epochs as well as every 5 s: the resume spec can cancel right after one,
    // however fast the machine trains (a quiet one finished its run before a time-based checkpoint).
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REGULA_CHECKPOINT_EPOCHS: '50' } },
  );

  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`The Regula server exited (${code}) before printing its URL:\n${output}`)));
    child.once('error', reject);
  });
  // Keep draining the server's output so a full pipe never blocks it; show it when debugging.
  child.stdout.on('data', (chunk: Buffer) => {
    if (process.env.REGULA_E2E_VERBOSE) process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));

  process.env.REGULA_URL = url;
  process.env.REGULA_E2E_TMP = tmp;

  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(tmp, { recursive: true, force: true });
  };
}
