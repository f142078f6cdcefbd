#!/usr/bin/env node
// Browser mode launcher: builds the renderer if it has not been built, then starts the server
// (TypeScript sources run through tsx, so no separate build of the engine is needed).
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

const root = fileURLToPath(new URL('..', import.meta.url));
if (!existsSync(new URL('../out/renderer/index.html', import.meta.url))) {
  console.log('Building the Regula interface (first run)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const built = spawnSync(npm, ['run', 'build:renderer'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], shell: process.platform === 'win32' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
register();
await import('../electron/web/main.ts');
