// Ctrl+C (SIGINT to the CLI's whole process group, as a terminal sends it) on `regula sweep` and
// on `regula train` while it is still importing a big file: the JSON says "cancelled" and is still
// printed, the exit code is 130, no process of the group is left, nothing stays `running` on disk,
// and no temp file or half-built import folder remains — before any reopen cleans up.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineFixture, repoRoot, snapshotTree, tempDir } from '../helpers';

const bin = path.join(repoRoot, 'bin', 'regula.mjs');
const env = { ...process.env, REGULA_BACKEND: 'wasm' };

function startCli(args: string[]): { child: ChildProcess; exit: Promise<number | null>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [bin, ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, exit, stdout: () => out, stderr: () => err };
}

async function until(what: string, probe: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 3600; i++) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Processes still in the group (the CLI and its training worker); none may outlive the command. */
function groupAlive(pgid: number): boolean {
  try {
    return execFileSync('pgrep', ['-g', String(pgid)]).toString().trim().length > 0;
  } catch {
    return false; // pgrep exits 1 when nothing matches
  }
}

async function noneLeft(project: string): Promise<void> {
  const files = [...(await snapshotTree(project)).keys()];
  expect(files.filter((f) => /\.tmp-|\.importing-|model\.partial/.test(f))).toEqual([]);
  for (const kind of ['runs', 'sweeps']) {
    for (const id of await readdir(path.join(project, kind)).catch(() => [] as string[])) {
      const record = JSON.parse(await readFile(path.join(project, kind, id, kind === 'runs' ? 'run.json' : 'sweep.json'), 'utf8'));
      expect(record.status).not.toBe('running');
    }
  }
}

describe('Ctrl+C on the CLI', () => {
  it('regula sweep: cancelled in the JSON with the points so far, exit 130, nothing left', async () => {
    const project = path.join(await tempDir(), 'P');
    const cli = startCli(['sweep', engineFixture('linear.csv'), '--target', 'y', '--reg', 'l2', '--model', 'mlp', '--hidden', '16', '--epochs', '3000', '--grid', '1:0.001:20', '--project', project, '--json']);
    await until('the first λ point', async () => {
      for (const id of await readdir(path.join(project, 'sweeps')).catch(() => [] as string[])) {
        const sweep = JSON.parse(await readFile(path.join(project, 'sweeps', id, 'sweep.json'), 'utf8').catch(() => '{}'));
        if ((sweep.points ?? []).filter(Boolean).length >= 1) return true;
      }
      return false;
    });
    process.kill(-cli.child.pid!, 'SIGINT');
    expect(await cli.exit).toBe(130);
    const out = JSON.parse(cli.stdout());
    expect(out).toMatchObject({ status: 'cancelled', cancelled: true });
    expect(out.points.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(out.points.filter(Boolean).length).toBeLessThan(20);
    await until('the group to end', () => !groupAlive(cli.child.pid!));
    await noneLeft(project);
  }, 300_000);

  it('regula train while importing a big file: cancelled in the JSON, exit 130, nothing added or left', async () => {
    const dir = await tempDir();
    const project = path.join(dir, 'P');
    // ~25 MB: its import takes seconds, so the Ctrl+C lands mid-import.
    const big = path.join(dir, 'big.csv');
    const out = createWriteStream(big);
    out.write('a,b,c,y\n');
    for (let i = 0; i < 700_000; i++) {
      if (!out.write(`${(i % 97) / 7},${(i % 89) / 3},${(i * 7919) % 1000},${(i % 13) * 2.5}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const cli = startCli(['train', big, '--target', 'y', '--project', project, '--json']);
    await until('the import to be under way', () => /importing big\.csv: [1-9]\d?%/.test(cli.stderr()));
    process.kill(-cli.child.pid!, 'SIGINT');
    expect(await cli.exit).toBe(130);
    expect(JSON.parse(cli.stdout())).toMatchObject({ status: 'cancelled', error: { code: 'cancelled' } });
    await until('the group to end', () => !groupAlive(cli.child.pid!));
    await noneLeft(project);
    const projectFile = JSON.parse(await readFile(path.join(project, 'project.json'), 'utf8'));
    expect(projectFile.datasetIds).toEqual([]);
    expect(await readdir(path.join(project, 'datasets')).catch(() => [])).toEqual([]);
  }, 300_000);
});
