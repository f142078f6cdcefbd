// Where the built pieces sit relative to out/main/index.js (inside app.asar when packaged).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const mainDir = path.dirname(fileURLToPath(import.meta.url));

export const builtPaths = {
  preload: path.join(mainDir, '../preload/index.cjs'),
  rendererDir: path.join(mainDir, '../renderer'),
  /** Main-side entries of electron.vite.config.ts: the engine host and the training worker. */
  hostProcess: path.join(mainDir, 'hostProcess.js'),
  trainWorker: path.join(mainDir, 'trainWorker.js'),
};
