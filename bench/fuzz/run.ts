// The fuzz campaign (issue 11): generated and mutated files through the engine's import, and
// mutated model packages through predict, each in a long-lived child process (a pool of them,
// pool.ts) with a time limit (20 s) and a memory limit (1 GB); a child that crashes or passes a
// limit is counted and replaced. Prints how every run ended:
//   nice -n 10 npx tsx bench/fuzz/run.ts [--files 10000] [--packages 1000] [--seed 1] [--workers 2] [--minutes M] [--log fuzz-problems.json]
// clean = imported / predicted; error = a clear RegulaError; unexpected = any other exception (the
// CLI's exit 70); wrong = a prediction that cannot be right (non-finite, a probability outside
// [0, 1]); crash, hang, memory = the child died, passed 20 s, or passed 1 GB resident.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleFuzzChild } from './bundle';
import { OUTCOMES, percentile, type Tally } from './campaign';
import { runCampaign } from './pool';

const { values } = parseArgs({
  options: {
    files: { type: 'string', default: '10000' },
    packages: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(Math.max(1, Math.min(2, os.availableParallelism()))) },
    log: { type: 'string' },
    // A time budget for the files (the packages still run after it): the table says how many ran.
    minutes: { type: 'string' },
  },
});
const work = mkdtempSync(path.join(os.tmpdir(), 'regula-fuzz-'));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' / ');
const loadAtStart = load();

try {
  const seed = Number(values.seed);
  const files = Number(values.files);
  const packages = Number(values.packages);
  const workers = Number(values.workers);
  const r = await runCampaign({
    files,
    packages,
    seed,
    workers,
    ...(values.minutes !== undefined ? { filesMinutes: Number(values.minutes) } : {}),
    childFile: await bundleFuzzChild(),
    work,
    onProgress: (done, s) => process.stderr.write(`${done} files, ${s.toFixed(0)} s, load ${load()}\n`),
  });
  const row = (name: string, t: Tally) =>
    `| ${name} | ${t.ms.length} | ${OUTCOMES.map((o) => t.counts[o]).join(' | ')} | ${(percentile(t.ms, 99) / 1000).toFixed(2)} | ${Math.round(t.peakRssBytes / 1024 ** 2)} |`;
  console.log(`| runs | total | ${OUTCOMES.join(' | ')} | p99 s | peak RSS MB |`);
  console.log(`|---|${'---|'.repeat(OUTCOMES.length + 3)}`);
  for (const [name, t] of [...r.byFamily].sort()) console.log(row(`import: ${name}`, t));
  console.log(row('**import: all files**', r.files));
  console.log(row('**predict: mutated packages**', r.packages));
  console.log(
    `\nseed ${seed}, ${workers} children; ${r.files.ms.length} of ${files} files in ${r.filesSeconds.toFixed(0)} s (${(r.files.ms.length / r.filesSeconds).toFixed(1)} files/s); ` +
      `${packages} packages in ${r.packagesSeconds.toFixed(0)} s; the parent spent ${r.generateSeconds.toFixed(0)} s generating; ` +
      `limits 20 s and 1 GB per run; load average (1/5/15 min) ${loadAtStart} at the start, ${load()} at the end on ${os.availableParallelism()} cores`,
  );
  const problems = [...r.files.problems, ...r.packages.problems];
  for (const p of problems.slice(0, 30)) console.log(`- ${p.outcome}: ${p.what}${p.detail ? ` — ${p.detail}` : ''}`);
  if (values.log) writeFileSync(values.log, JSON.stringify(problems, null, 2));
} finally {
  rmSync(work, { recursive: true, force: true });
}
