// Runs fuzz jobs one at a time in a child process (child.ts) with a time limit and a memory
// limit (--max-old-space-size for its heap, plus polling its resident memory, which also counts
// the workbook worker thread and typed arrays). A child that dies, overruns the time or passes
// the memory limit is counted, killed if need be, and replaced; the campaign goes on.
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Ending, Job, Reply } from './child';

export type Outcome = Ending | 'crash' | 'hang' | 'memory';
export const OUTCOMES: Outcome[] = ['clean', 'error', 'unexpected', 'wrong', 'crash', 'hang', 'memory'];

export interface CampaignLimits {
  timeMs: number;
  memoryBytes: number;
}

export const DEFAULT_LIMITS: CampaignLimits = { timeMs: 20_000, memoryBytes: 1024 ** 3 };

export interface JobResult {
  outcome: Outcome;
  ms: number;
  peakRssBytes: number;
  detail?: string;
}

/** Resident memory of a process from /proc (Linux), in bytes; 0 where it cannot be read. */
function residentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

export class FuzzRunner {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private stderrTail = '';
  private jobsInChild = 0;

  /** `childFile`: the bundled child (bundle.ts), or child.ts run through tsx. */
  constructor(
    private readonly limits: CampaignLimits = DEFAULT_LIMITS,
    private readonly childFile = fileURLToPath(new URL('./child.ts', import.meta.url)),
  ) {}

  private start(): Promise<void> {
    const heapMb = Math.floor(this.limits.memoryBytes / 1024 ** 2);
    const loader = this.childFile.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
    const child = fork(this.childFile, [], {
      execArgv: [...loader, `--max-old-space-size=${heapMb}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    this.child = child;
    this.jobsInChild = 0;
    child.stderr?.on('data', (d: Buffer) => (this.stderrTail = (this.stderrTail + d.toString()).slice(-400)));
    this.ready = new Promise((resolve, reject) => {
      child.once('message', () => resolve());
      child.once('exit', (code) => reject(new Error(`the fuzz child exited before it was ready (${code}): ${this.stderrTail}`)));
    });
    return this.ready;
  }

  private stop(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
  }

  async run(job: Job): Promise<JobResult> {
    // A fresh child now and then, so slow leaks in one long process are not blamed on a file.
    if (this.child && this.jobsInChild >= 400) this.stop();
    if (!this.child) await this.start();
    const child = this.child!;
    this.jobsInChild++;
    this.stderrTail = '';
    const started = performance.now();
    let peak = residentBytes(child.pid!);
    return new Promise<JobResult>((resolve) => {
      let done = false;
      const finish = (outcome: Outcome, detail?: string, kill = false) => {
        if (done) return;
        done = true;
        clearInterval(poll);
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        if (kill) this.stop();
        resolve({ outcome, ms: performance.now() - started, peakRssBytes: peak, ...(detail ? { detail } : {}) });
      };
      const onMessage = (reply: Reply) => {
        if (reply.id === job.id) finish(reply.ending, reply.detail);
      };
      const onExit = (code: number | null, signal: string | null) => {
        this.child = undefined;
        finish('crash', `exit ${code ?? signal}: ${this.stderrTail.trim().split('\n').slice(-3).join(' | ')}`);
      };
      const poll = setInterval(() => {
        const rss = residentBytes(child.pid!);
        peak = Math.max(peak, rss);
        if (rss > this.limits.memoryBytes) finish('memory', `${Math.round(rss / 1024 ** 2)} MB resident`, true);
      }, 100);
      const timer = setTimeout(() => finish('hang', `no answer in ${this.limits.timeMs} ms`, true), this.limits.timeMs);
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send(job);
    });
  }

  close(): void {
    this.stop();
  }
}

export interface Tally {
  counts: Record<Outcome, number>;
  ms: number[];
  peakRssBytes: number;
  /** Every job that ended other than clean or error, with how to make it again. */
  problems: { what: string; outcome: Outcome; detail?: string }[];
}

export function newTally(): Tally {
  return { counts: Object.fromEntries(OUTCOMES.map((o) => [o, 0])) as Record<Outcome, number>, ms: [], peakRssBytes: 0, problems: [] };
}

export function record(tally: Tally, what: string, result: JobResult): void {
  tally.counts[result.outcome]++;
  tally.ms.push(result.ms);
  tally.peakRssBytes = Math.max(tally.peakRssBytes, result.peakRssBytes);
  if (result.outcome !== 'clean' && result.outcome !== 'error') tally.problems.push({ what, outcome: result.outcome, ...(result.detail ? { detail: result.detail } : {}) });
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
