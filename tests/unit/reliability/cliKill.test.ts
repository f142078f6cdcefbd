// The CLI as it really dies: `kill -9` of its whole process group mid-training, and Ctrl+C (SIGINT
// to the group, as a terminal sends it). After the kill, reopening is immediate (the dead
// process's lock is taken over), the run is `interrupted` with the epochs that reached the disk —
// never `running` — and a finished run's files are untouched. After Ctrl+C the run is cancelled
// with its partial metrics, the JSON is still printed and the exit code is 130.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { engineFixture, repoRoot, snapshotTree, tempDir } from '../helpers';

const bin = path.join(repoRoot, 'bin', 'regula.mjs');
const env = { ...process.env, REGULA_BACKEND: 'wasm' };
const longTraining = (project: string) => ['train', engineFixture('linear.csv'), '--target', 'y', '--model', 'mlp', '--hidden', '16', '--epochs', '100000', '--project', project, '--json'];

/** Starts the CLI as the leader of its own process group, like a shell job. */
function startCli(args: string[]): { child: ChildProcess; exit: Promise<number | null>; stdout: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.resume();
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, exit, stdout: () => out };
}

async function epochsOnDisk(project: string, atLeast: number, except?: string): Promise<string> {
  for (let i = 0; i < 1800; i++) {
    const runs = await readdir(path.join(project, 'runs')).catch(() => []);
    for (const id of runs.filter((r) => r !== except)) {
      const text = await readFile(path.join(project, 'runs', id, 'metrics.jsonl'), 'utf8').catch(() => '');
      if (text.split('\n').filter(Boolean).length >= atLeast) return id;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no run reached ${atLeast} epochs within 90 s`);
}

describe('the CLI killed or interrupted mid-training', () => {
  it('kill -9 of the process group: reopening takes the lock at once and marks the run interrupted', async () => {
    const project = path.join(await tempDir(), 'P');
    // A finished run first, whose files must come through the crash and the recovery untouched.
    const finished = await promisify(execFile)(process.execPath, [bin, 'train', engineFixture('linear.csv'), '--target', 'y', '--epochs', '20', '--project', project, '--json'], { env });
    const finishedId = JSON.parse(finished.stdout).runId as string;
    const finishedBefore = await snapshotTree(path.join(project, 'runs', finishedId));

    const cli = startCli(longTraining(project));
    const runId = await epochsOnDisk(project, 2, finishedId);
    process.kill(-cli.child.pid!, 'SIGKILL');
    await cli.exit;
    expect(JSON.parse(await readFile(path.join(project, 'runs', runId, 'run.json'), 'utf8')).status).toBe('running');

    const started = Date.now();
    const reopened = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).openProject(project);
    expect(Date.now() - started).toBeLessThan(5000); // no wait for a stale lock
    expect(reopened.notices.join(' ')).toMatch(/previous Regula process \(pid \d+ .*\) ended unexpectedly/);
    const runs = await reopened.listRuns();
    const killed = runs.find((r) => r.id === runId)!;
    const lines = (await readFile(path.join(project, 'runs', runId, 'metrics.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
    expect(killed.status).toBe('interrupted');
    expect(killed.epochsRun).toBe(JSON.parse(lines.at(-1)!).epoch);
    expect(killed.finishedAt).toBeDefined();
    expect((await reopened.runMetrics(runId)).length).toBe(lines.length); // partial metrics stay readable
    expect(runs.find((r) => r.id === finishedId)?.status).toBe('completed');
    expect(await snapshotTree(path.join(project, 'runs', finishedId))).toEqual(finishedBefore);
    expect(runs.some((r) => r.status === 'running')).toBe(false);
    await reopened.close();
  }, 240_000);

  it('Ctrl+C on `regula train`: the run is cancelled with its metrics, the JSON printed, exit 130', async () => {
    const project = path.join(await tempDir(), 'P');
    const cli = startCli(longTraining(project));
    const runId = await epochsOnDisk(project, 2);
    process.kill(-cli.child.pid!, 'SIGINT'); // what a terminal does: the whole foreground group
    expect(await cli.exit).toBe(130);
    const out = JSON.parse(cli.stdout());
    expect(out).toMatchObject({ runId, status: 'cancelled' });
    expect(out.epochsRun).toBeGreaterThanOrEqual(2);
    const record = JSON.parse(await readFile(path.join(project, 'runs', runId, 'run.json'), 'utf8'));
    expect(record.status).toBe('cancelled');
    expect(record.metrics.train.rmse).toBeGreaterThan(0);
  }, 240_000);
});
