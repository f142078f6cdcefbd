// The CLI as installed: JavaScript built by `prepare` into out/node/ (Vitest builds it once per
// run), started on plain Node. Every process of these commands, the training worker included,
// has tsx import denied, so a pass means nothing is compiled at run time.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { engineFixture, repoRoot } from '../helpers';

const run = promisify(execFile);
const denyTsx = pathToFileURL(path.join(repoRoot, 'tests', 'unit', 'cli', 'denyTsx.mjs')).href;
const env = { ...process.env, NODE_OPTIONS: `--import=${denyTsx}`, REGULA_BACKEND: 'wasm' };

describe('the built CLI', () => {
  it('refuses tsx under the guard (so the checks below mean something)', async () => {
    const attempt = run(process.execPath, ['--input-type=module', '-e', "await import('tsx/esm/api')"], { env });
    await expect(attempt).rejects.toMatchObject({ stderr: expect.stringContaining('tsx was loaded') });
  });

  it('prints its version from out/node/cli.js without tsx', async () => {
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const { stdout } = await run(process.execPath, [path.join(repoRoot, 'out', 'node', 'cli.js'), '--version'], { env });
    expect(stdout.trim()).toBe(pkg.version);
  });

  it('answers --version through bin/regula.mjs (its fast path) exactly as the built CLI does', async () => {
    const cli = await run(process.execPath, [path.join(repoRoot, 'out', 'node', 'cli.js'), '--version'], { env });
    for (const flag of ['--version', '-V']) {
      const { stdout } = await run(process.execPath, [path.join(repoRoot, 'bin', 'regula.mjs'), flag], { env });
      expect(stdout).toBe(cli.stdout);
    }
  });

  // npm exec checks the current package's own `bin` before node_modules/.bin, and for a match it
  // loads the whole installed tree and installs the package into its npx cache (seconds) before
  // running anything. The command is linked by the file:bin dependency instead, which npm links
  // even with --ignore-scripts, so `npx regula` never falls through to the registry.
  it('is linked by the file:bin dependency, not by a bin of the root package', async () => {
    const root = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { bin?: unknown; dependencies: Record<string, string> };
    const binPackage = JSON.parse(await readFile(path.join(repoRoot, 'bin', 'package.json'), 'utf8')) as { name: string; bin: Record<string, string> };
    expect(root.bin).toBeUndefined();
    expect(root.dependencies[binPackage.name]).toBe('file:bin');
    expect(binPackage.bin).toEqual({ regula: 'regula.mjs' });
  });

  it('trains through bin/regula.mjs, worker included, without tsx', async () => {
    const { stdout } = await run(process.execPath, [path.join(repoRoot, 'bin', 'regula.mjs'), 'train', engineFixture('linear.csv'), '--target', 'y', '--features', 'a,b', '--reg', 'l1', '--l1', '0.1', '--json'], { env });
    const out = JSON.parse(stdout) as { status: string; backend: string; metrics: { validation: { r2: number } } };
    expect(out.status).toBe('completed');
    expect(out.backend).toBe('wasm');
    expect(out.metrics.validation.r2).toBeGreaterThan(0.9);
  });
});
