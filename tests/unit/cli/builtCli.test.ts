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

  it('trains through bin/regula.mjs, worker included, without tsx', async () => {
    const { stdout } = await run(process.execPath, [path.join(repoRoot, 'bin', 'regula.mjs'), 'train', engineFixture('linear.csv'), '--target', 'y', '--features', 'a,b', '--reg', 'l1', '--l1', '0.1', '--json'], { env });
    const out = JSON.parse(stdout) as { status: string; backend: string; metrics: { validation: { r2: number } } };
    expect(out.status).toBe('completed');
    expect(out.backend).toBe('wasm');
    expect(out.metrics.validation.r2).toBeGreaterThan(0.9);
  });
});
