// Scoring a large spreadsheet with `regula predict`: a generated file of N rows (default
// 1,000,000) scored with the linear fixture model, output to a CSV file and to stdout, rounded and
// at full precision. Each run is its own process measured by /usr/bin/time (wall seconds, peak
// resident memory), so the table shows whether the output was ever held whole. With `--before
// DIR`, the same is run with another checkout's built CLI (e.g. the main branch) for comparison.
//   npx tsx bench/predict.ts [--rows 1000000] [--before /work/main]
import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../', import.meta.url));
const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
const rows = Number(arg('--rows') ?? 1_000_000);
const before = arg('--before');
const model = path.join(root, 'tests', 'fixtures', 'hostile', 'models', 'linear-regression');

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write('a,b,noise,region\n');
  const regions = ['north', 'south', 'east'];
  for (let i = 0; i < rows; i++) {
    const line = `${((i * 37) % 1001) / 100},${((i * 53) % 613) / 10 - 30},${((i * 71) % 97) / 100},${regions[i % 3]}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function measure(cli: string, args: string[]): Promise<{ seconds: number; peakMb: number }> {
  // sh -c so stdout can go to /dev/null without passing through this process.
  const command = `/usr/bin/time -f '%e %M' ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} ${args.map((a) => JSON.stringify(a)).join(' ')} > /dev/null`;
  const { stderr } = await run('sh', ['-c', command], { env: { ...process.env, REGULA_BACKEND: 'wasm' }, maxBuffer: 64 * 1024 * 1024 });
  const [seconds, kb] = stderr.trim().split('\n').at(-1)!.split(' ').map(Number);
  return { seconds: seconds!, peakMb: kb! / 1024 };
}

const dir = await mkdtemp(path.join(os.tmpdir(), 'regula-bench-predict-'));
try {
  const input = path.join(dir, 'large.csv');
  await writeCsv(input);
  const inputMb = (await stat(input)).size / 1024 ** 2;
  const out = path.join(dir, 'out.csv');
  const cases: [string, string, string[]][] = [
    ['this checkout', 'CSV file, rounded', ['--out', out, '--quiet']],
    ['this checkout', 'CSV file, --full-precision', ['--out', out, '--full-precision', '--quiet']],
    ['this checkout', 'stdout, rounded', ['--quiet']],
  ];
  if (before) {
    cases.push([`before (${before})`, 'CSV file', ['--out', out]]);
    cases.push([`before (${before})`, 'stdout', []]);
  }
  console.log(`regula predict: ${rows.toLocaleString('en-US')} rows, ${inputMb.toFixed(0)} MB CSV, linear model, wasm backend\n`);
  console.log('| CLI | output | seconds | peak resident MB | output MB |');
  console.log('|---|---|---:|---:|---:|');
  for (const [which, what, args] of cases) {
    const cli = which === 'this checkout' ? path.join(root, 'bin', 'regula.mjs') : path.join(before!, 'bin', 'regula.mjs');
    await rm(out, { force: true });
    const { seconds, peakMb } = await measure(cli, ['predict', input, '--model', model, ...args]);
    const outMb = await stat(out).then((s) => (s.size / 1024 ** 2).toFixed(0), () => '(stdout)');
    console.log(`| ${which} | ${what} | ${seconds.toFixed(1)} | ${peakMb.toFixed(0)} | ${outMb} |`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
