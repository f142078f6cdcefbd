// Every record refuses what it cannot read and one bad record never hides the rest: torn or
// newer-schema runs and datasets are reported by file name while the project still opens; a
// modelDir outside the project and a negative project schema are refused; and no record is ever
// written that the app's own schema would reject (values near 1e308 included).
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunRecord, SCHEMA_VERSION, type RunSpec } from '../../../shared/domain';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { readRun, writeRun } from '../../../electron/engine/store/runStore';
import { tempDir } from '../helpers';

const engine = () => createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' });

const spec: RunSpec = RunRecord.shape.spec.parse({ datasetId: 'd-1', target: 'y', features: ['a'], epochs: 5 });

function finishedRun(id: string, extra: Partial<RunRecord> = {}): RunRecord {
  return { schemaVersion: SCHEMA_VERSION, id, name: id, createdAt: new Date().toISOString(), finishedAt: new Date().toISOString(), status: 'completed', spec, epochsRun: 5, ...extra };
}

async function projectWithTwoDatasets(): Promise<{ dir: string; ids: string[] }> {
  const dir = path.join(await tempDir(), 'P');
  const source = path.join(await tempDir(), 'small.csv');
  await writeFile(source, 'a,y\n1,2\n2,4\n3,6\n4,8\n');
  const project = await engine().createProject(dir, 'P');
  const ids = [(await project.importDataset(source)).id, (await project.importDataset(source)).id];
  await project.close();
  return { dir, ids };
}

describe('versioned records', () => {
  it('opens a project with one truncated dataset.json, naming that file, with the other dataset intact', async () => {
    const { dir, ids } = await projectWithTwoDatasets();
    const bad = path.join(dir, 'datasets', ids[0]!, 'dataset.json');
    const text = await readFile(bad, 'utf8');
    await writeFile(bad, text.slice(0, Math.floor(text.length / 2))); // as a full disk tore it
    const project = await engine().openProject(dir);
    expect(project.datasets().map((d) => d.id)).toEqual([ids[1]]);
    expect(project.problems()).toEqual([expect.objectContaining({ file: bad, code: 'corrupt-record' })]);
    expect(project.summary().problems?.[0]?.message).toContain(bad);
    await project.close();
  });

  it('lists every readable run and reports a torn run.json, a newer schema and an escaping modelDir by file', async () => {
    const { dir } = await projectWithTwoDatasets();
    await writeRun(dir, finishedRun('r-good'));
    await writeRun(dir, finishedRun('r-torn'));
    await writeRun(dir, finishedRun('r-newer'));
    await writeRun(dir, finishedRun('r-escape'));
    const torn = path.join(dir, 'runs', 'r-torn', 'run.json');
    await writeFile(torn, (await readFile(torn, 'utf8')).slice(0, 100));
    const newer = path.join(dir, 'runs', 'r-newer', 'run.json');
    await writeFile(newer, JSON.stringify({ ...finishedRun('r-newer'), schemaVersion: 99 }));
    const escape = path.join(dir, 'runs', 'r-escape', 'run.json');
    await writeFile(escape, JSON.stringify(finishedRun('r-escape', { modelDir: '../../../etc' })));

    const project = await engine().openProject(dir);
    expect((await project.listRuns()).map((r) => r.id)).toEqual(['r-good']);
    const problems = project.problems();
    expect(problems.find((p) => p.file === torn)).toMatchObject({ code: 'corrupt-record' });
    expect(problems.find((p) => p.file === newer)?.message).toMatch(/newer Regula \(schema 99/);
    expect(problems.find((p) => p.file === escape)?.message).toMatch(/outside the project/);
    await expect(project.predict('r-escape', torn)).rejects.toMatchObject({ code: 'corrupt-record' });
    await project.close();
  });

  it('refuses a project.json with a negative schema version', async () => {
    const { dir } = await projectWithTwoDatasets();
    const file = path.join(dir, 'project.json');
    await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), schemaVersion: -5 }));
    await expect(engine().openProject(dir)).rejects.toMatchObject({ code: 'corrupt-record', place: { file } });
  });

  it('never writes a record its own schema rejects; the previous version stays', async () => {
    const { dir } = await projectWithTwoDatasets();
    await writeRun(dir, finishedRun('r-1'));
    const broken = finishedRun('r-1', { loss: { data: Infinity, penalty: 0, total: Infinity } });
    await expect(writeRun(dir, broken)).rejects.toMatchObject({ code: 'invalid-record' });
    expect((await readRun(dir, 'r-1')).loss).toBeUndefined();
  });

  it('imports values near 1e308 with finite statistics, and the project opens again', async () => {
    const values = ['1.7e308', '1.6e308', '-1.5e308', '1.2e308', '9e307'];
    const source = path.join(await tempDir(), 'huge.csv');
    await writeFile(source, `x,y\n${values.map((v, i) => `${v},${i}`).join('\n')}\n`);
    const dir = path.join(await tempDir(), 'P');
    const project = await engine().createProject(dir, 'P');
    const dataset = await project.importDataset(source);
    await project.close();

    const reopened = await engine().openProject(dir);
    const x = reopened.dataset(dataset.id).columns.find((c) => c.name === 'x')!;
    // Reference: the exact mean of these doubles. Every one is an integer, so BigInt sums them exactly.
    const big = values.map((v) => BigInt(Number(v)));
    const n = BigInt(values.length);
    const sum = big.reduce((a, b) => a + b, 0n);
    const exactMean = Number(sum / n);
    const squares = big.reduce((a, v) => a + (v * n - sum) ** 2n, 0n); // Σ (n·v − Σv)², exact
    const exactStd = Number(bigSqrt(squares / (n - 1n)) / n);
    expect(Math.abs(x.mean! - exactMean) / Math.abs(exactMean)).toBeLessThan(1e-12);
    expect(Math.abs(x.std! - exactStd) / exactStd).toBeLessThan(1e-12);
    expect(reopened.problems()).toEqual([]);
    await reopened.close();
  });
});

function bigSqrt(n: bigint): bigint {
  if (n < 2n) return n;
  // Newton's method from a power of two above the root decreases monotonically to ⌊√n⌋.
  let x = 1n << (BigInt(n.toString(2).length) / 2n + 1n);
  for (;;) {
    const next = (x + n / x) / 2n;
    if (next >= x) return x;
    x = next;
  }
}
