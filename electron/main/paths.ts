// Where the built pieces sit relative to out/main/index.js (inside app.asar when packaged).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const mainDir = path.dirname(fileURLToPath(import.meta.url));

export const builtPaths = {
  preload: path.join(mainDir, '../preload/index.cjs'),
  rendererDir: path.join(mainDir, '../renderer'),
  /** Second main-side entry of electron.vite.config.ts: the training worker. */
  trainWorker: path.join(mainDir, 'trainWorker.js'),
};
