#!/usr/bin/env node
// The `regula` command as installed by npm (npx regula …): runs the TypeScript CLI through tsx,
// so the CLI works straight after `npm install` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../electron/cli/main.ts');
