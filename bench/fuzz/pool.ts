// The campaign's driver: a pool of long-lived fuzz children (campaign.ts's FuzzRunner, each with
// its own 20 s / 1 GB limits and replaced after a crash or a limit), fed by one generator. Timing
// the first campaign showed the time per file was the child's work, one file at a time, while
// the parent generated the next file in between: with one lane per child the generator fills a
// lane's next file while the other lanes work, and the children share the machine's cores.
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LIMITS, FuzzRunner, newTally, record, type CampaignLimits, type Tally } from './campaign';
import { importFile } from './importFiles';
import { modelPackage } from './modelPackages';

export interface CampaignOptions {
  files: number;
  packages: number;
  seed: number;
  /** Children working at once (one per core is the most that helps). */
  workers: number;
  /** The bundled child (bundle.ts). */
  childFile: string;
  /** A scratch folder for the generated files and packages. */
  work: string;
  limits?: CampaignLimits;
  /** Stop handing out files after this many minutes (the packages still run); absent = no budget. */
  filesMinutes?: number;
  onProgress?: (filesDone: number, seconds: number) => void;
}

export interface CampaignResult {
  byFamily: Map<string, Tally>;
  files: Tally;
  packages: Tally;
  filesSeconds: number;
  packagesSeconds: number;
  /** Time the parent spent making files and packages (the rest is waiting on the children). */
  generateSeconds: number;
}

/** Runs up to `count` jobs over the pool's lanes, none started after `until`; `job(i, runner)` makes input i and runs it. */
async function lanes(runners: FuzzRunner[], count: number, job: (i: number, runner: FuzzRunner) => Promise<void>, until = Infinity): Promise<void> {
  let next = 0;
  await Promise.all(
    runners.map(async (runner) => {
      for (let i = next++; i < count && performance.now() < until; i = next++) await job(i, runner);
    }),
  );
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const runners = Array.from({ length: Math.max(1, options.workers) }, () => new FuzzRunner(limits, options.childFile));
  const byFamily = new Map<string, Tally>();
  const files = newTally();
  const packages = newTally();
  let generateMs = 0;
  let filesDone = 0;
  const started = performance.now();
  try {
    await lanes(runners, options.files, async (i, runner) => {
      const t = performance.now();
      const file = importFile(options.seed, i);
      const at = path.join(options.work, `${i}-${file.name}`);
      writeFileSync(at, file.bytes);
      generateMs += performance.now() - t;
      const result = await runner.run({ id: i, kind: 'import', file: at });
      rmSync(at, { force: true });
      const what = `import seed ${options.seed} file ${i} (${file.family}, ${file.name}, ${file.bytes.length} bytes)`;
      record(files, what, result);
      if (!byFamily.has(file.family)) byFamily.set(file.family, newTally());
      record(byFamily.get(file.family)!, what, result);
      if (++filesDone % 500 === 0) options.onProgress?.(filesDone, (performance.now() - started) / 1000);
    }, options.filesMinutes !== undefined ? started + options.filesMinutes * 60_000 : Infinity);
    const filesSeconds = (performance.now() - started) / 1000;
    const packagesStarted = performance.now();
    await lanes(runners, options.packages, async (i, runner) => {
      const t = performance.now();
      const pkg = modelPackage(options.seed, i, path.join(options.work, 'packages'));
      generateMs += performance.now() - t;
      const result = await runner.run({ id: options.files + i, kind: 'predict', model: pkg.dir, data: pkg.data });
      rmSync(pkg.dir, { recursive: true, force: true });
      record(packages, `package seed ${options.seed} number ${i} (${pkg.mutations.join(', ')})`, result);
    });
    return { byFamily, files, packages, filesSeconds, packagesSeconds: (performance.now() - packagesStarted) / 1000, generateSeconds: generateMs / 1000 };
  } finally {
    for (const runner of runners) runner.close();
  }
}
