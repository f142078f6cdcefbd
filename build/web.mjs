#!/usr/bin/env node
// Browser mode launcher: builds the renderer if it has not been built, then starts the server
// built into out/node/ at install time (`prepare`; built here if missing), so no TypeScript is
// compiled at run time.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(new URL('../out/renderer/index.html', import.meta.url))) {
  console.log('Building the Regula interface (first run)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build:renderer'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const server = new URL('../out/node/web.js', import.meta.url);
if (!existsSync(server)) {
  const { buildNode } = await import('./node.mjs');
  await buildNode();
}
await import(server.href);
