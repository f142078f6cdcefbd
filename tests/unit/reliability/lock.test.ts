// The project lock names its owner: a dead owner's lock is taken over at once (no 10–30 s wait for
// staleness), a live one is named with its pid and time, and a process whose lock was taken
// stops writing instead of overwriting the other process's work.
import { spawn, spawnSync } from 'node:child_process';
import os from 'node:os';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine, launchNodeWorker } from '../../../electron/engine/index';
import { engineFixture, tempDir } from '../helpers';

const engine = () => createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });

function lockOf(pid: number, lockedAt = new Date().toISOString()) {
  return JSON.stringify({ schemaVersion: 1, owner: { pid, host: os.hostname(), startedAt: lockedAt }, lockedAt, token: `t-${pid}` });
}

/** The pid of a process that has already ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid!;
}

async function closedProject(): Promise<string> {
  const dir = path.join(await tempDir(), 'P');
  const project = await engine().createProject(dir, 'P');
  await project.close();
  return dir;
}

describe('project lock', () => {
  it('takes over at once the lock of a process that ended without releasing it, and says so', async () => {
    const dir = await closedProject();
    const pid = deadPid();
    await writeFile(path.join(dir, '.regula.lock'), lockOf(pid));
    const started = Date.now();
    const project = await engine().openProject(dir);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(project.notices.join(' ')).toMatch(new RegExp(`previous Regula process \\(pid ${pid}.*ended unexpectedly`));
    const lock = JSON.parse(await readFile(path.join(dir, '.regula.lock'), 'utf8'));
    expect(lock.owner.pid).toBe(process.pid);
    await project.close();
  });

  it('creates a project in a folder where a killed process left only its lock', async () => {
    const dir = path.join(await tempDir(), 'New');
    await mkdir(dir);
    await writeFile(path.join(dir, '.regula.lock'), lockOf(deadPid()));
    const project = await engine().createProject(dir, 'New');
    expect(project.notices.join(' ')).toMatch(/ended unexpectedly/);
    await project.close();
  });

  it('names a live owner with its pid and the time it opened the project', async () => {
    const dir = await closedProject();
    const sleeper = spawn('sleep', ['30']);
    try {
      const lockedAt = new Date(2026, 0, 5, 14, 2).toISOString();
      await writeFile(path.join(dir, '.regula.lock'), lockOf(sleeper.pid!, lockedAt));
      const error = await engine().openProject(dir).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'project-locked' });
      expect((error as Error).message).toContain(`open in Regula (pid ${sleeper.pid}) since 14:02`);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('stops writing at once when another process has taken the lock, and reports it', async () => {
    const dir = path.join(await tempDir(), 'P');
    const lost: string[] = [];
    const lab = engine();
    lab.events.on('project:lockLost', ({ message }) => lost.push(message));
    const project = await lab.createProject(dir, 'P');
    const before = await readFile(path.join(dir, 'project.json'), 'utf8');
    // Another process took the project over (as after a long stall): the lock now holds its token.
    await writeFile(path.join(dir, '.regula.lock'), lockOf(process.pid + 1_000_000));
    await expect(project.importDataset(engineFixture('linear.csv'))).rejects.toMatchObject({ code: 'lock-lost' });
    expect(await readFile(path.join(dir, 'project.json'), 'utf8')).toBe(before);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/lost the lock .* nothing more is written/);
    await project.close();
    // The other process's lock is left alone.
    expect(JSON.parse(await readFile(path.join(dir, '.regula.lock'), 'utf8')).token).toBe(`t-${process.pid + 1_000_000}`);
  });

  it('ends a run in flight failed, with the reason, when the lock is lost', async () => {
    const dir = path.join(await tempDir(), 'P');
    let emit: (m: unknown) => void = () => undefined;
    let exit: (code: number | null) => void = () => undefined;
    let killed = false;
    const launchWorker = () => ({
      send: () => undefined,
      onMessage: (h: typeof emit) => (emit = h),
      onExit: (h: typeof exit) => (exit = h),
      kill: () => {
        killed = true;
        queueMicrotask(() => exit(null));
      },
    });
    const project = await createEngine({ launchWorker, backendPreference: 'wasm' }).createProject(dir, 'P');
    const source = path.join(await tempDir(), 'small.csv');
    await writeFile(source, 'a,y\n1,2\n2,4\n3,6\n4,8\n');
    const dataset = await project.importDataset(source);
    const handle = await project.startRun({ datasetId: dataset.id, target: 'y', features: ['a'], epochs: 10 });
    emit({ type: 'epoch', epoch: { epoch: 1, loss: 1, epochMs: 1 } });
    await new Promise((r) => setTimeout(r, 50));
    await writeFile(path.join(dir, '.regula.lock'), lockOf(process.pid + 1_000_000));
    emit({ type: 'epoch', epoch: { epoch: 2, loss: 0.5, epochMs: 1 } });
    const run = await handle.done;
    expect(killed).toBe(true);
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/lost the lock/);
    // On disk only what was written while the lock was ours: one epoch, the run still open.
    expect((await readFile(path.join(dir, 'runs', handle.runId, 'metrics.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(1);
    await project.close();
  });
});
