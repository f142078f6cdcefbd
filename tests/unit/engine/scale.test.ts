// Real-sized tables through the engine as a user drives it (import → train in a worker process):
// 1,000,000 rows for a linear L1 model and 300,000 rows for one epoch of a dense network. Anything
// that spreads or applies over a row-sized array overflows the call stack at this size (training
// failed from ~160,000 rows once); the numbers checked come from the generator's own truth.
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../electron/engine/index';
import { launchNodeWorker } from '../../../electron/engine/train/nodeWorker';
import { tempDir } from '../helpers';

/** y = 2·a − b + 0.5·c + noise (sd 1); d and e are pure noise. Standard normal inputs. */
const BETA = [2, -1, 0.5, 0, 0];
const NAMES = ['a', 'b', 'c', 'd', 'e'];

async function writeTable(file: string, rows: number): Promise<void> {
  let s = 12345;
  const rand = (): number => {
    s = (s * 48271) % 2147483647;
    return s / 2147483647;
  };
  const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const out = createWriteStream(file);
  out.write(`${NAMES.join(',')},y\n`);
  let chunk = '';
  for (let r = 0; r < rows; r++) {
    const v = NAMES.map(() => gauss());
    const y = v.reduce((sum, x, j) => sum + x * (BETA[j] as number), 0) + gauss();
    chunk += `${v.map((x) => x.toFixed(4)).join(',')},${y.toFixed(4)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((resolve) => out.end(() => resolve()));
}

async function projectWith(rows: number) {
  const dir = await tempDir('regula-scale-');
  const file = path.join(dir, 'big.csv');
  await writeTable(file, rows);
  const project = await createEngine({ launchWorker: launchNodeWorker, backendPreference: 'wasm' }).createProject(path.join(dir, 'P'), 'P');
  const dataset = await project.importDataset(file);
  return { project, dataset };
}

describe('training at scale', () => {
  it('trains an L1 linear model on 1,000,000 rows', async () => {
    const { project, dataset } = await projectWith(1_000_000);
    expect(dataset.rows).toBe(1_000_000);
    const handle = await project.startRun({ datasetId: dataset.id, target: 'y', features: NAMES, model: { kind: 'linear' }, regularizer: { kind: 'l1', l1: 0.05 }, epochs: 100 });
    const run = await handle.done;
    expect(run.status, run.error).toBe('completed');
    expect(run.stopReason).toBe('completed');
    // The noise inputs are exactly zero; the others are the truth shrunk by about λ1/2 per unit
    // variance (standardized inputs), to within sampling error at 800,000 training rows.
    const coef = new Map(run.coefficients?.map((c) => [c.feature, c]));
    expect(coef.get('d')?.value).toBe(0);
    expect(coef.get('e')?.value).toBe(0);
    BETA.slice(0, 3).forEach((beta, j) => expect(Math.abs((coef.get(NAMES[j]!)?.valueOriginal ?? NaN) - (beta - Math.sign(beta) * 0.025))).toBeLessThan(0.01));
    // Explained variance: (4 + 1 + 0.25) / (5.25 + 1) of y's variance.
    expect(run.metrics?.validation.r2).toBeGreaterThan(5.25 / 6.25 - 0.01);
    await project.close();
  }, 120_000);

  it('trains a dense network for one epoch on 300,000 rows', async () => {
    const { project, dataset } = await projectWith(300_000);
    const handle = await project.startRun({
      datasetId: dataset.id,
      target: 'y',
      features: NAMES,
      model: { kind: 'mlp', layers: [{ units: 16 }] },
      epochs: 1,
      batchSize: 256,
    });
    const run = await handle.done;
    expect(run.status, run.error).toBe('completed');
    expect(run.epochsRun).toBe(1);
    // One epoch of Adam already explains most of the variance (the model can at least be linear).
    expect(run.metrics?.validation.r2).toBeGreaterThan(0.5);
    await project.close();
  }, 120_000);
});
