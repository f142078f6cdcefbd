#!/usr/bin/env node
// The `regula` command as installed by npm (npx regula …): runs the CLI built into out/node/ at
// install time (`prepare`), so no TypeScript is compiled at run time. A checkout installed with
// --ignore-scripts has no build yet: it is built once, here, before the first command.
import { existsSync } from 'node:fs';

const built = new URL('../out/node/cli.js', import.meta.url);
if (!existsSync(built)) {
  const { buildNode } = await import('../build/node.mjs');
  await buildNode();
}
await import(built.href);
