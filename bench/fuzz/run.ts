// The fuzz campaign (issue 11): generated and mutated files through the engine's import, and
// mutated model packages through predict, each in a child process with a time limit (20 s) and a
// memory limit (1 GB). Prints how every run ended:
//   npx tsx bench/fuzz/run.ts [--files 10000] [--packages 1000] [--seed 1] [--log fuzz-problems.json]
// clean = imported / predicted; error = a clear RegulaError; unexpected = any other exception (the
// CLI's exit 70); wrong = a prediction that cannot be right (non-finite, a probability outside
// [0, 1]); crash, hang, memory = the child died, passed 20 s, or passed 1 GB resident.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleFuzzChild } from './bundle';
import { DEFAULT_LIMITS, FuzzRunner, newTally, OUTCOMES, percentile, record, type Tally } from './campaign';
import { importFile } from './importFiles';
import { modelPackage } from './modelPackages';

const { values } = parseArgs({
  options: { files: { type: 'string', default: '10000' }, packages: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, log: { type: 'string' } },
});
const files = Number(values.files);
const packages = Number(values.packages);
const seed = Number(values.seed);
const work = mkdtempSync(path.join(os.tmpdir(), 'regula-fuzz-'));
const runner = new FuzzRunner(DEFAULT_LIMITS, await bundleFuzzChild());
const byFamily = new Map<string, Tally>();
const total = newTally();
const packageTally = newTally();
const started = performance.now();

try {
  for (let i = 0; i < files; i++) {
    const file = importFile(seed, i);
    const at = path.join(work, `${i}-${file.name}`);
    writeFileSync(at, file.bytes);
    const result = await runner.run({ id: i, kind: 'import', file: at });
    rmSync(at, { force: true });
    const what = `import seed ${seed} file ${i} (${file.family}, ${file.name}, ${file.bytes.length} bytes)`;
    record(total, what, result);
    if (!byFamily.has(file.family)) byFamily.set(file.family, newTally());
    record(byFamily.get(file.family)!, what, result);
    if ((i + 1) % 500 === 0) process.stderr.write(`${i + 1} files, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
  const filesSeconds = (performance.now() - started) / 1000;
  const packagesStarted = performance.now();
  for (let i = 0; i < packages; i++) {
    const pkg = modelPackage(seed, i, path.join(work, 'packages'));
    const result = await runner.run({ id: files + i, kind: 'predict', model: pkg.dir, data: pkg.data });
    rmSync(pkg.dir, { recursive: true, force: true });
    record(packageTally, `package seed ${seed} number ${i} (${pkg.mutations.join(', ')})`, result);
  }
  const packagesSeconds = (performance.now() - packagesStarted) / 1000;

  const row = (name: string, t: Tally) =>
    `| ${name} | ${t.ms.length} | ${OUTCOMES.map((o) => t.counts[o]).join(' | ')} | ${(percentile(t.ms, 99) / 1000).toFixed(2)} | ${Math.round(t.peakRssBytes / 1024 ** 2)} |`;
  console.log(`| runs | total | ${OUTCOMES.join(' | ')} | p99 s | peak RSS MB |`);
  console.log(`|---|${'---|'.repeat(OUTCOMES.length + 3)}`);
  for (const [name, t] of [...byFamily].sort()) console.log(row(`import: ${name}`, t));
  console.log(row('**import: all files**', total));
  console.log(row('**predict: mutated packages**', packageTally));
  console.log(`\nseed ${seed}; ${files} files in ${filesSeconds.toFixed(0)} s (${(files / filesSeconds).toFixed(1)} files/s); ${packages} packages in ${packagesSeconds.toFixed(0)} s; limits 20 s and 1 GB per run`);
  const problems = [...total.problems, ...packageTally.problems];
  for (const p of problems.slice(0, 30)) console.log(`- ${p.outcome}: ${p.what}${p.detail ? ` — ${p.detail}` : ''}`);
  if (values.log) writeFileSync(values.log, JSON.stringify(problems, null, 2));
} finally {
  runner.close();
  rmSync(work, { recursive: true, force: true });
}
