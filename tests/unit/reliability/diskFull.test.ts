// A real full disk (a small tmpfs; root only, skipped elsewhere) during training and during an
// export; the import case is in failedWrites.test.ts. Training: the disk fills while a dense run
// is writing epochs and checkpoints — the run ends failed with a message naming the folder and the
// space needed, never completed, and after space is freed the project opens with nothing left
// `running` and no half-written file. Export: to a full disk, the error names the folder and the
// space needed, and neither the package nor a temp file is left behind (zip and folder alike).
import { execFileSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, exportRunPackage } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { engineFixture, snapshotTree, tempDir } from '../helpers';

const mountPoint = path.join('/tmp', `regula-tmpfs-full-${process.pid}`);
let mounted = false;
beforeAll(async () => {
  await mkdir(mountPoint, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], { stdio: 'ignore' });
    mounted = true;
  } catch {
    mounted = false; // not root: nothing to mount
  }
});
afterAll(async () => {
  if (mounted) execFileSync('umount', [mountPoint]);
  await rm(mountPoint, { recursive: true, force: true });
});

/** Fills the tmpfs to the last byte (a filler file grown until the kernel says ENOSPC). */
let fillers = 0;
async function fillDisk(): Promise<string> {
  // A new name each time: rewriting an earlier filler would first free its space.
  const filler = path.join(mountPoint, `filler-${++fillers}`);
  const avail = Number(execFileSync('df', ['--output=avail', '-B1', mountPoint]).toString().split('\n')[1]);
  await writeFile(filler, Buffer.alloc(avail)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOSPC') throw err; // ENOSPC: full, as wanted
  });
  return filler;
}

const engine = () => createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });

/** Every temp or half-built thing the writers could leave: none may remain. */
async function leftovers(dir: string): Promise<string[]> {
  return [...(await snapshotTree(dir)).keys()].filter((f) => /\.tmp-|\.partial/.test(f));
}

describe('disk full during training and export', () => {
  it('training: the run fails naming the folder and space needed; reopened, nothing is running or torn', async (ctx) => {
    if (!mounted) ctx.skip();
    const dir = path.join(mountPoint, 'train');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    const handle = await project.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b', 'noise'], model: { kind: 'mlp', layers: [{ units: 64 }] }, epochs: 100000 });
    // Fill the disk once training writes its metrics, then see what the run makes of it.
    const metrics = path.join(dir, 'runs', handle.runId, 'metrics.jsonl');
    for (let i = 0; i < 2400 && !(await readFile(metrics, 'utf8').catch(() => '')).includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
    const filler = await fillDisk();
    const run = await handle.done;
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(new RegExp(`in ${dir}.*disk is full \\(\\d+(\\.\\d)? (KB|bytes) needed\\)`));
    await project.close();

    await rm(filler);
    const reopened = await engine().openProject(dir);
    const runs = await reopened.listRuns();
    expect(runs.map((r) => r.status)).not.toContain('running');
    expect(reopened.problems()).toEqual([]); // every record readable
    // Whatever reached the disk of the metrics is readable; a torn last line is skipped.
    expect((await reopened.runMetrics(handle.runId)).length).toBeGreaterThan(0);
    expect(await leftovers(dir)).toEqual([]);
    await reopened.close();
  }, 240_000);

  it('export: a full disk names the folder and space needed and leaves no package or temp file', async (ctx) => {
    if (!mounted) ctx.skip();
    const projectDir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(projectDir, 'P');
    const dataset = await project.importDataset(engineFixture('linear.csv'));
    const run = await (await project.startRun({ datasetId: dataset.id, target: 'y', features: ['a', 'b', 'noise'], epochs: 50 })).done;
    expect(run.status).toBe('completed');
    await project.close();

    const outDir = path.join(mountPoint, 'exports');
    await mkdir(outDir);
    const filler = await fillDisk();
    for (const zip of [true, false]) {
      const out = path.join(outDir, zip ? 'model.zip' : 'model');
      const error = await exportRunPackage({ projectDir, runId: run.id, out, formats: 'all', zip, regulaVersion: 'test', backendPreference: 'wasm' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'disk-full' });
      expect((error as Error).message).toMatch(/disk is full \(\d+(\.\d)? (KB|bytes) needed\)/);
      expect((error as Error).message).toContain(outDir);
      expect(await readdir(outDir)).toEqual([]);
    }
    await rm(filler);
    // With room again the same export succeeds: nothing half-written was in the way.
    const done = await exportRunPackage({ projectDir, runId: run.id, out: path.join(outDir, 'model.zip'), formats: 'all', zip: true, regulaVersion: 'test', backendPreference: 'wasm' });
    expect(done.files.length).toBeGreaterThan(3);
  }, 240_000);
});
