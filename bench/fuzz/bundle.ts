// Bundles the fuzz child and the workbook worker into out/fuzz/ with esbuild, the way the app's
// build places them (the worker beside the code that starts it). From TypeScript sources every
// workbook's worker thread would first compile the reader with tsx — seconds per file, which
// would turn a 10,000-file campaign into hours; the bundle starts in milliseconds.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Builds out/<folder>/child.js and out/<folder>/workbookWorker.js; returns the child's path. The CI
 * sample builds its own folder, so it never rewrites the files of a campaign that is running.
 */
export async function bundleFuzzChild(folder = 'fuzz'): Promise<string> {
  const outdir = path.join(repoRoot, 'out', folder);
  await build({
    entryPoints: { child: path.join(repoRoot, 'bench/fuzz/child.ts'), workbookWorker: path.join(repoRoot, 'electron/engine/data/workbookWorker.ts') },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies load from node_modules, as in the app's build.
    packages: 'external',
    logLevel: 'warning',
  });
  return path.join(outdir, 'child.js');
}
