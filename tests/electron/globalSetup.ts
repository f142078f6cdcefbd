// Builds out/ (main, worker, preload, renderer) once before the Electron tests, if Electron is here.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electronBinary';

export default function globalSetup(): void {
  if (!('executable' in electronBinary()) || process.env.REGULA_START_SKIP_BUILD) return;
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const cli = fileURLToPath(new URL('../../node_modules/electron-vite/bin/electron-vite.js', import.meta.url));
  const built = spawnSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('electron-vite build failed before the Electron tests');
}
