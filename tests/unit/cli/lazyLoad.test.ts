// The built CLI loads the export writers' heavy libraries (SheetJS, h5wasm — which compiles its
// WebAssembly on import — and protobufjs) only when a command writes what needs them, so
// `regula inspect` and `regula train` on a CSV start without them. Every import of every process
// of a command (the training worker included) is recorded by a resolve hook.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { engineFixture, repoRoot, tempDir } from '../helpers';

const run = promisify(execFile);
const recorder = pathToFileURL(path.join(repoRoot, 'tests', 'unit', 'cli', 'recordLoads.mjs')).href;
const regulaBin = path.join(repoRoot, 'bin', 'regula.mjs');
const HEAVY = { sheetJs: /\/node_modules\/@e965\/xlsx\//, h5wasm: /\/node_modules\/h5wasm\//, protobufjs: /\/node_modules\/protobufjs\// };

/** Runs `regula args` with every module load recorded; returns the loaded heavy libraries' names. */
async function heavyLoaded(args: string[]): Promise<string[]> {
  const log = path.join(await tempDir(), 'loads.txt');
  await run(process.execPath, [regulaBin, ...args], { env: { ...process.env, NODE_OPTIONS: `--import=${recorder}`, REGULA_LOAD_LOG: log, REGULA_BACKEND: 'wasm' } });
  const urls = (await readFile(log, 'utf8')).split('\n');
  expect(urls.some((u) => u.endsWith('/out/node/cli.js'))).toBe(true); // the recorder saw the CLI itself
  return Object.entries(HEAVY)
    .filter(([, pattern]) => urls.some((u) => pattern.test(u)))
    .map(([name]) => name);
}

describe('the built CLI loads export libraries on first use', () => {
  it('inspect and train on a CSV load none of them; export loads each one it writes with', async () => {
    const csv = engineFixture('linear.csv');
    expect(await heavyLoaded(['inspect', csv, '--json'])).toEqual([]);

    const project = path.join(await tempDir(), 'proj');
    expect(await heavyLoaded(['train', csv, '--target', 'y', '--features', 'a,b', '--reg', 'l1', '--l1', '0.1', '--project', project, '--json'])).toEqual([]);

    // The same recorder sees them when they are needed, and the built export still works with them
    // loaded lazily: Keras (h5wasm), ONNX (protobufjs) and the scoring workbook (SheetJS).
    const { stdout } = await run(process.execPath, [regulaBin, 'runs', '--project', project, '--json']);
    const runId = (JSON.parse(stdout) as { runs: { id: string }[] }).runs[0]!.id;
    const out = path.join(await tempDir(), 'package');
    expect(await heavyLoaded(['export', '--project', project, '--run', runId, '--out', out, '--format', 'keras,onnx,xlsx', '--json'])).toEqual(['sheetJs', 'h5wasm', 'protobufjs']);
    for (const file of ['model.keras', 'model.onnx', 'scoring.xlsx']) expect((await readFile(path.join(out, file))).length).toBeGreaterThan(100);
  }, 120_000);
});
