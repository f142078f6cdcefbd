#!/usr/bin/env node
// Builds the programs that run under plain Node — the CLI, browser mode and the worker processes —
// from TypeScript into JavaScript in out/node/, so nothing compiles TypeScript at run time (tsx
// cost seconds on every start). Runs as `prepare`, i.e. on every `npm install` / `npm ci` of this
// package, and from bin/regula.mjs and build/web.mjs when out/node/ is missing. Tests run it once
// per Vitest run (vitest.globalSetup.ts) so the CLI they spawn is never older than the sources.
//
// Each entry is bundled on its own: our code and a few small pure-JavaScript packages inlined
// (zod alone is hundreds of ES modules; resolving and loading them one by one was most of
// `regula --version`); every other package is loaded from node_modules as it was installed, so
// tfjs finds its wasm files next to its own package and native addons stay native. Sources find their siblings at run time by
// `new URL('./x', import.meta.url)`, so every entry lands flat in out/node/ under the name those
// lookups use, with .ts becoming .js and .mjs staying .mjs.
//
//   node build/node.mjs            build
//   node build/node.mjs --clean    empty out/node/ first
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
export const outDir = path.join(root, 'out', 'node');

/**
 * What is built, by output name. A source may be listed in several forms (a worker being moved
 * from .mjs to .ts): the first one that exists is built, so the build follows the move.
 */
const ENTRIES = [
  { name: 'cli', sources: ['electron/cli/main.ts'] },
  { name: 'web', sources: ['electron/web/main.ts'] },
  // nodeWorker.ts forks ./trainWorker.js next to the bundle that launches it.
  { name: 'trainWorker', sources: ['electron/engine/train/worker.ts'] },
  // foldPool.ts forks ./foldWorker.js next to the bundle that launches it (CV folds on every core).
  { name: 'foldWorker', sources: ['electron/engine/train/foldWorker.ts'] },
  // readWorkbook.ts starts ./workbookWorker.<ext> as a worker thread.
  { name: 'workbookWorker', sources: ['electron/engine/data/workbookWorker.ts', 'electron/engine/data/workbookWorker.mjs'] },
];

/** Packages inlined into the bundles; every other import of a package stays an import. */
const INLINED_PACKAGES = new Set(['zod', 'commander', 'papaparse', 'ws', 'fflate']);

/** The package an import names (`@scope/name` or `name`), or null for a relative or node: import. */
function packageOf(specifier) {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const keepPackagesExternal = {
  name: 'regula-external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      const pkg = packageOf(args.path);
      if (pkg === null || INLINED_PACKAGES.has(pkg)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

// Inlined CommonJS packages call require() for Node's built-ins; an ES module has none.
const REQUIRE_BANNER = "import { createRequire as __regulaCreateRequire } from 'node:module'; const require = __regulaCreateRequire(import.meta.url);";

function entryFile(entry) {
  const source = entry.sources.find((s) => existsSync(path.join(root, s)));
  if (!source) throw new Error(`None of ${entry.sources.join(', ')} exists; update build/node.mjs`);
  const ext = source.endsWith('.mjs') ? '.mjs' : '.js';
  return { source: path.join(root, source), outfile: path.join(outDir, entry.name + ext) };
}

/** Builds every entry; returns the output files written. */
export async function buildNode() {
  const files = ENTRIES.map(entryFile);
  const results = await Promise.all(
    files.map(({ source, outfile }) =>
      build({
        entryPoints: [source],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        plugins: [keepPackagesExternal],
        banner: { js: REQUIRE_BANNER },
        sourcemap: 'linked',
        sourcesContent: false,
        legalComments: 'none',
        logLevel: 'warning',
        write: false,
      }),
    ),
  );
  await mkdir(outDir, { recursive: true });
  const written = [];
  for (const result of results) {
    for (const file of result.outputFiles) {
      // Temp + rename per file: a test or a running CLI reading out/node/ while another build
      // writes it sees the old file or the new one, never half of one.
      const temp = `${file.path}.${process.pid}.tmp`;
      await writeFile(temp, file.contents);
      await rename(temp, file.path);
      written.push(file.path);
    }
  }
  return written;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  if (process.argv.includes('--clean')) await rm(outDir, { recursive: true, force: true });
  const written = await buildNode();
  console.log(`Built ${written.filter((f) => /\.m?js$/.test(f)).length} Node programs into ${path.relative(root, outDir)}/ in ${Date.now() - started} ms`);
}
