// The Electron build bundles the engine and the training worker; bundling can break what runs
// fine from sources (a duplicate `require` shim once did). This builds the app and trains a run
// with the bundled worker under plain Node (it speaks the same protocol as under utilityProcess),
// and reads a workbook with the bundled reader.
import { execFile } from 'node:child_process';
import { fork } from 'node:child_process';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import type { LaunchWorker } from '../../../electron/engine/train/workerChannel';
import { engineFixture, fixturesDir, repoRoot, tempDir } from '../helpers';

// Its own output folder (inside the repo, so the bundle resolves node_modules as the app does),
// so this build never races the renderer build that browser-mode tests serve from out/.
const outDir = path.join(repoRoot, 'out', 'test-build');
const outMain = path.join(outDir, 'main');

const launchBuiltWorker: LaunchWorker = () => {
  const child = fork(path.join(outMain, 'trainWorker.js'), [], { stdio: ['ignore', 2, 2, 'ipc'] });
  return {
    send: (m) => void (child.connected && child.send(m as object)),
    onMessage: (h) => child.on('message', h),
    onExit: (h) => child.on('exit', (code) => h(code)),
    kill: () => void child.kill('SIGKILL'),
  };
};

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [path.join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--outDir', outDir], {
    cwd: repoRoot,
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  });
}, 180_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the Electron build', () => {
  it('trains with the bundled worker', async () => {
    const dir = path.join(await tempDir(), 'P');
    const project = await createEngine({ launchWorker: launchBuiltWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    const run = await (await project.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b'], regularizer: { kind: 'l1', l1: 0.1 }, epochs: 50 })).done;
    expect(run.error).toBeUndefined();
    expect(run.status).toBe('completed');
    expect(run.backend).toBe('wasm');
    await project.close();
  });

  it('reads a workbook with the bundled reader and its worker thread', async () => {
    const chunks = path.join(outMain, 'chunks');
    const bundles = [path.join(outMain, 'index.js'), ...(await readdir(chunks)).filter((f) => f.endsWith('.js')).map((f) => path.join(chunks, f))];
    const xlsx = (await readdir(path.join(fixturesDir, 'import'))).find((f) => f.endsWith('.xlsx'))!;
    // The chunk that holds importTable exports it under a minified name; find it by behaviour.
    let rows: number | undefined;
    for (const bundle of bundles.filter((b) => !b.endsWith('index.js'))) {
      const mod = (await import(pathToFileURL(bundle).href)) as Record<string, unknown>;
      for (const fn of Object.values(mod)) {
        if (typeof fn !== 'function' || fn.name !== 'importTable') continue;
        const imported = (await fn(path.join(fixturesDir, 'import', xlsx))) as { table: { rowCount: number } };
        rows = imported.table.rowCount;
      }
    }
    expect(rows).toBeGreaterThan(0);
  });
});
