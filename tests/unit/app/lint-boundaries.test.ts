// The architecture's boundaries are lint rules (eslint.config.js). These cases lint small snippets
// as if they sat in each folder, so a config change that silently drops a boundary fails here.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function ruleHits(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

const refused: Array<[string, string, string]> = [
  ['engine imports electron', 'electron/engine/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ['app handlers import electron', 'electron/app/x.ts', "import { dialog } from 'electron';\nexport const d = dialog;"],
  ['web server imports electron', 'electron/web/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ['cli imports electron', 'electron/cli/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ['cli imports electron/main subpath', 'electron/cli/x.ts', "import { app } from 'electron/main';\nexport const a = app;"],
  ['shared imports electron', 'shared/x.ts', "import { app } from 'electron';\nexport const a = app;"],
  ['shared imports the engine', 'shared/x.ts', "import { toUserError } from '../electron/engine/errors';\nexport const t = toUserError;"],
  ['shared imports the renderer', 'shared/x.ts', "import { connect } from '../renderer/src/connect';\nexport const c = connect;"],
  ['shared imports node:fs', 'shared/x.ts', "import { readFile } from 'node:fs';\nexport const r = readFile;"],
  ['shared imports path', 'shared/x.ts', "import path from 'path';\nexport const p = path;"],
  ['renderer imports electron', 'renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;"],
  ['renderer imports fs', 'renderer/src/x.ts', "import fs from 'fs';\nexport const f = fs;"],
  ['renderer imports child_process', 'renderer/src/x.ts', "import { spawn } from 'node:child_process';\nexport const s = spawn;"],
  ['renderer imports os', 'renderer/src/x.ts', "import os from 'os';\nexport const o = os;"],
  ['a config inside renderer/ imports node', 'renderer/vite.config.ts', "import { fileURLToPath } from 'node:url';\nexport const f = fileURLToPath;"],
  ['renderer imports the engine', 'renderer/src/stores/x.ts', "import { createEngine } from '../../../electron/engine/index';\nexport const c = createEngine;"],
  ['tests import electron', 'tests/unit/x.test.ts', "import { app } from 'electron';\nexport const a = app;"],
  ['engine names ipcMain', 'electron/engine/x.ts', 'declare const ipcMain: unknown;\nexport const i = ipcMain;'],
  ['renderer names ipcRenderer', 'renderer/src/x.ts', 'export const i = (window as unknown as { ipcRenderer: unknown }).ipcRenderer;'],
  ['engine imports renderer', 'electron/engine/x.ts', "import { connect } from '../../renderer/src/connect';\nexport const c = connect;"],
  ['preload imports the engine', 'electron/preload/x.ts', "import { createEngine } from '../engine/index';\nexport const c = createEngine;"],
  ['preload imports fs', 'electron/preload/x.ts', "import fs from 'node:fs';\nexport const f = fs;"],
  ['preload exposes ipcRenderer', 'electron/preload/x.ts', "import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('lab', ipcRenderer);"],
  ['preload exposes ipcRenderer in an object', 'electron/preload/x.ts', "import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('lab', { ipcRenderer });"],
  ['preload exposes a raw ipcRenderer method', 'electron/preload/x.ts', "import { contextBridge, ipcRenderer } from 'electron';\ncontextBridge.exposeInMainWorld('lab', { on: ipcRenderer.on });"],
  ['main names ipcRenderer', 'electron/main/x.ts', 'declare const ipcRenderer: unknown;\nexport const i = ipcRenderer;'],
  ['cli imports an engine internal', 'electron/cli/x.ts', "import { readRun } from '../engine/store/runStore';\nexport const r = readRun;"],
  ['a cli command imports an engine internal', 'electron/cli/commands/x.ts', "import { loadBackend } from '../../engine/train/backend';\nexport const l = loadBackend;"],
  ['web imports an engine internal', 'electron/web/x.ts', "import { launchNodeWorker } from '../engine/train/nodeWorker';\nexport const l = launchNodeWorker;"],
  ['main imports an engine internal', 'electron/main/x.ts', "import type { WorkerChannel } from '../engine/train/workerChannel';\nexport type W = WorkerChannel;"],
  ['utility host imports an engine internal', 'electron/utility/x.ts', "import { Project } from '../engine/project';\nexport const p = Project;"],
  ['app imports an engine internal', 'electron/app/x.ts', "import { toUserError } from '../engine/errors';\nexport const t = toUserError;"],
  ['web imports the cli', 'electron/web/x.ts', "import { trainCommand } from '../cli/commands/train';\nexport const t = trainCommand;"],
  ['cli imports web', 'electron/cli/x.ts', "import { startWebServer } from '../web/server';\nexport const s = startWebServer;"],
  ['main imports web', 'electron/main/x.ts', "import { startWebServer } from '../web/server';\nexport const s = startWebServer;"],
  ['utility host imports electron', 'electron/utility/x.ts', "import { app } from 'electron';\nexport const a = app;"],
];

const allowed: Array<[string, string, string]> = [
  ['main imports electron', 'electron/main/x.ts', "import { app, ipcMain } from 'electron';\nexport const a = [app, ipcMain];"],
  ['preload imports electron and shared', 'electron/preload/x.ts', "import { contextBridge, ipcRenderer } from 'electron';\nimport { isEventName } from '../../shared/contract';\nexport const a = [contextBridge, ipcRenderer, isEventName];"],
  ['engine imports node:fs and shared', 'electron/engine/x.ts', "import { readFile } from 'node:fs/promises';\nimport type { RunSpec } from '../../shared/domain';\nexport const r = readFile;\nexport type S = RunSpec;"],
  ['cli imports the engine API and the app layer', 'electron/cli/commands/x.ts', "import { createEngine } from '../../engine/index';\nimport { createEngineHost } from '../../app/engineHost';\nexport const c = [createEngine, createEngineHost];"],
  ['web imports the engine API', 'electron/web/x.ts', "import { launchNodeWorker } from '../engine/index';\nexport const l = launchNodeWorker;"],
  ['utility host imports app and the engine API', 'electron/utility/x.ts', "import { openSession } from '../app/session';\nimport type { LaunchWorker } from '../engine/index';\nexport const o = openSession;\nexport type L = LaunchWorker;"],
  ['renderer imports shared', 'renderer/src/x.ts', "import { createLabClient } from '../../shared/client';\nexport const c = createLabClient;"],
  ['the renderer build config (top level) runs in node', 'vite.renderer.config.ts', "import { fileURLToPath } from 'node:url';\nexport const f = fileURLToPath;"],
];

describe('lint boundaries', () => {
  it.each(refused)('refuses: %s', async (_name, filePath, code) => {
    const hits = await ruleHits(filePath, code);
    expect(hits.some((rule) => rule === 'no-restricted-imports' || rule === 'no-restricted-syntax')).toBe(true);
  });

  it.each(allowed)('allows: %s', async (_name, filePath, code) => {
    expect(await ruleHits(filePath, code)).toEqual([]);
  });

  it('reports v-html in a component as an error', async () => {
    const hits = await ruleHits('renderer/src/components/X.vue', '<template><div v-html="cell"></div></template>\n<script setup lang="ts">\nconst cell = "<b>x</b>";\n</script>\n');
    expect(hits).toContain('vue/no-v-html');
  });
});
