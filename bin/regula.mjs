#!/usr/bin/env node
// The `regula` command as installed by npm (npx regula …): runs the CLI built into out/node/ at
// install time (`prepare`), so no TypeScript is compiled at run time. A checkout installed with
// --ignore-scripts has no build yet: it is built once, here, before the first command.
// npm links this file as node_modules/.bin/regula through the file:bin dependency (bin/package.json).
import { existsSync, readFileSync } from 'node:fs';

// `regula --version` alone answers from package.json without loading the CLI: the built CLI
// pulls in commander, zod and the engine's code (the export libraries load only when a command
// writes with them), a fraction of a second that scripts calling --version to check that the
// command is there should not pay.
// The answer is the one commander gives (the version and a newline).
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`${pkg.version}\n`);
} else {
  const built = new URL('../out/node/cli.js', import.meta.url);
  if (!existsSync(built)) {
    const { buildNode } = await import('../build/node.mjs');
    await buildNode();
  }
  await import(built.href);
}
