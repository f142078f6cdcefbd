// Builds the three Electron pieces into out/:
//   out/main/index.js        main process (ESM; package.json "type": "module", Electron ≥ 28)
//   out/main/hostProcess.js  the engine host, run by utilityProcess.fork (the engine lives there)
//   out/main/trainWorker.js  the training worker run by utilityProcess.fork (a process per run)
//   out/preload/index.cjs    the sandboxed preload (CommonJS with everything bundled: a sandboxed
//                            preload can require only `electron`)
//   out/renderer/            the page, from the same Vite config browser mode builds with
// Building needs no Electron binary: electron-vite only reads node_modules/electron/package.json to
// pick the Node/Chromium targets.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { rendererConfig } from './vite.renderer.config';

const fromRoot = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/**
 * The workbook reader starts `new URL('./workbookWorker.mjs', import.meta.url)` as a worker
 * thread; bundling does not follow that, so the plain .mjs files of the data folder (the worker
 * and what it imports) are copied next to every place the bundled reader may land (the entry
 * folder and the shared-chunks folder).
 */
function copyWorkbookWorker(): Plugin {
  return {
    name: 'regula-copy-workbook-worker',
    generateBundle() {
      const dataDir = fromRoot('./electron/engine/data/');
      for (const file of readdirSync(dataDir).filter((f) => f.endsWith('.mjs'))) {
        const source = readFileSync(fromRoot(`./electron/engine/data/${file}`));
        for (const dir of ['', 'chunks/']) this.emitFile({ type: 'asset', fileName: `${dir}${file}`, source });
      }
    },
  };
}

export default defineConfig({
  main: {
    plugins: [copyWorkbookWorker()],
    build: {
      // `dependencies` stay external and load from node_modules at run time (tfjs finds its wasm
      // files next to its own package). tfjs-node is optional and native, so it is never bundled:
      // the backend loader imports it in a try and falls back to wasm when it is missing.
      externalizeDeps: { include: ['@tensorflow/tfjs-node'] },
      rolldownOptions: {
        input: {
          index: fromRoot('./electron/main/index.ts'),
          hostProcess: fromRoot('./electron/utility/hostProcess.ts'),
          trainWorker: fromRoot('./electron/engine/train/worker.ts'),
        },
        output: { entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: fromRoot('./electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig,
    build: {
      ...rendererConfig.build,
      outDir: fromRoot('./out/renderer'),
      rolldownOptions: { input: fromRoot('./renderer/index.html') },
    },
  },
});
