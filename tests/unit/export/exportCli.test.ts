// `regula export` as a person would use it: a real project, a real run, real files out, and the
// refusals (existing destination, a network as Excel, an unknown run) with nothing left behind.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFixture } from '../helpers';
import { regula } from '../cli/runCli';

let root = '';
let project = '';
let linearRun = '';
let mlpRun = '';

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'regula-export-cli-'));
  project = path.join(root, 'study');
  const linear = await regula(['train', engineFixture('binary.csv'), '--target', 'label', '--reg', 'l1', '--l1', '0.01', '--project', project, '--json', '--quiet']);
  expect(linear.code, linear.stderr).toBe(0);
  linearRun = JSON.parse(linear.stdout).runId;
  const mlp = await regula(['train', engineFixture('binary.csv'), '--target', 'label', '--model', 'mlp', '--hidden', '4', '--epochs', '5', '--project', project, '--json', '--quiet']);
  expect(mlp.code, mlp.stderr).toBe(0);
  mlpRun = JSON.parse(mlp.stdout).runId;
}, 300_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('regula export', () => {
  it('writes every format into a folder and lists the files with --json', async () => {
    const out = path.join(root, 'churn-model');
    const { code, stdout, stderr } = await regula(['export', '--project', project, '--run', linearRun, '--out', out, '--json']);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.formats).toEqual(['tfjs', 'keras', 'h5', 'onnx', 'xlsx']);
    expect(result.files).toEqual(expect.arrayContaining(['preprocessing.json', 'tfjs/model.json', 'tfjs/weights.bin', 'model.keras', 'model.h5', 'model.onnx', 'scoring.xlsx', 'model-card.md', 'coefficients.csv', 'metrics.csv', 'manifest.json']));
    for (const f of result.files) expect(existsSync(path.join(out, f)), f).toBe(true);
    const card = await readFile(path.join(out, 'model-card.md'), 'utf8');
    expect(card).toContain('kernel_regularizer=regularizers.L1(l1=0.01)');
    expect(card).toMatch(/data set \| train-?.*|binary\.csv/);
    // No temporary sibling is left next to the package.
    expect((await readdir(root)).filter((n) => n.includes('.partial'))).toEqual([]);
  }, 300_000);

  it('writes one zip with --zip, and only the formats asked for', async () => {
    const out = path.join(root, 'net.zip');
    const { code, stdout, stderr } = await regula(['export', '--project', project, '--run', mlpRun, '--out', out, '--format', 'onnx,keras', '--zip', '--json']);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.formats).toEqual(['onnx', 'keras']);
    const entries = Object.keys(unzipSync(new Uint8Array(await readFile(out)))).sort();
    expect(entries).toEqual([...result.files].sort());
    expect(entries).toContain('model.onnx');
    expect(entries).not.toContain('model.h5');
    expect(entries).not.toContain('coefficients.csv'); // a network has no coefficients
  }, 300_000);

  it('refuses clearly and writes nothing: existing destination, Excel for a network, unknown run, bad format', async () => {
    const existing = path.join(root, 'churn-model');
    const before = await readdir(root);
    const cases: [string[], RegExp][] = [
      [['--run', linearRun, '--out', existing], /already exists/],
      [['--run', mlpRun, '--out', path.join(root, 'x1'), '--format', 'xlsx'], /dense network.*linear models/],
      [['--run', 'r-nope', '--out', path.join(root, 'x2')], /No run r-nope/],
      [['--run', linearRun, '--out', path.join(root, 'x3'), '--format', 'pmml'], /Unknown export format "pmml"/],
      [['--run', linearRun, '--out', path.join(root, 'no', 'such', 'dir')], /does not exist/],
    ];
    // In parallel: each CLI start costs seconds on a shared machine.
    const results = await Promise.all(cases.map(([args]) => regula(['export', '--project', project, ...args, '--json'])));
    results.forEach(({ code, stderr }, i) => {
      expect(code, cases[i]![0].join(' ')).not.toBe(0);
      expect(JSON.parse(stderr.trim().split('\n').pop()!).error.message).toMatch(cases[i]![1]);
    });
    expect(await readdir(root)).toEqual(before);
  }, 400_000);
});
