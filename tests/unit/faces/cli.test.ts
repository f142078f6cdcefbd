// The CLI as a process: with --events it prints every engine event it sees on stderr, and its
// final JSON is the record the finish event carried; between train and sweep, every event the
// engine raises reaches the CLI's output.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../helpers';
import { SESSION_EVENTS, DESKTOP_ONLY, sampleCsv } from './everyEvent';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'regula.mjs');

async function regulaEvents(args: string[]): Promise<{ json: Record<string, unknown>; events: Array<{ event: string; payload: Record<string, unknown> }> }> {
  const { stdout, stderr } = await run(process.execPath, [bin, ...args, '--events', '--json'], { env: { ...process.env, REGULA_BACKEND: 'wasm' }, maxBuffer: 64 * 1024 * 1024 });
  const events = stderr
    .split('\n')
    .filter((line) => line.startsWith('{"event"'))
    .map((line) => JSON.parse(line) as { event: string; payload: Record<string, unknown> });
  return { json: JSON.parse(stdout) as Record<string, unknown>, events };
}

describe('the CLI forwards every engine event to its output', () => {
  it('train, sweep and predict print import, epoch, point, finish and predict progress events; the JSON is the finished record', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'sales.csv');
    await writeFile(file, sampleCsv());
    const project = path.join(dir, 'project');
    const trained = await regulaEvents(['train', file, '--target', 'y', '--reg', 'l1', '--l1', '0.01', '--epochs', '20', '--project', project]);
    const swept = await regulaEvents(['sweep', file, '--target', 'y', '--reg', 'l1', '--grid', '1:0.001:3', '--project', project]);

    const modelDir = path.resolve(project, String(trained.json['modelDir']));
    const predicted = await regulaEvents(['predict', file, '--model', modelDir, '--out', path.join(dir, 'predictions.csv')]);

    const seen = new Set([...trained.events, ...swept.events, ...predicted.events].map((e) => e.event));
    expect([...seen].sort()).toEqual(SESSION_EVENTS.filter((e) => !DESKTOP_ONLY.includes(e)).sort());
    const finished = trained.events.find((e) => e.event === 'training:finished')!.payload['run'] as { id: string; status: string };
    expect(trained.json).toMatchObject({ runId: finished.id, status: finished.status });
    const sweepDone = swept.events.find((e) => e.event === 'sweep:finished')!.payload['sweep'] as { id: string };
    expect(swept.json).toMatchObject({ sweepId: sweepDone.id });
  }, 120_000);
});
