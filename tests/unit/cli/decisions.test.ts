// The CLI's JSON says what every number is: per-class coefficients of a multiclass linear model,
// rows used and dropped, the averaging; a sweep without --grid derives it from the data (λmax).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { engineFixture, tempDir } from '../helpers';
import { regula } from './runCli';

describe('regula CLI: numbers with their meaning', () => {
  it('train --json on a 3-class target prints every class\'s coefficients, rows and averaging', async () => {
    const { code, stdout } = await regula([
      'train', engineFixture('missing.csv'), '--target', 'klass', '--features', 'u,v', '--reg', 'l1', '--l1', '0.01', '--project', path.join(await tempDir(), 'p'), '--quiet', '--json',
    ]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.task).toBe('multiclass');
    expect(out.coefficientsByClass.map((c: { class: string }) => c.class)).toEqual(out.classes);
    // The documented `coefficients` key now holds them too, each entry naming its class.
    expect(out.coefficients).toHaveLength(out.classes.length * 2);
    expect(new Set(out.coefficients.map((c: { class: string }) => c.class))).toEqual(new Set(out.classes));
    expect(out.averaging).toBe('macro');
    expect(out.progressUnit).toBe('iteration');
    const rows = Papa.parse<Record<string, string>>(await readFile(engineFixture('missing.csv'), 'utf8'), { header: true, skipEmptyLines: true }).data;
    const dropped = rows.filter((r) => r.u === '' || r.v === '').length;
    expect(out.rows).toMatchObject({ total: rows.length, used: rows.length - dropped, droppedMissingFeatures: dropped, droppedMissingTarget: 0 });
    expect(out.loss.total).toBeCloseTo(out.loss.data + out.loss.penalty, 10);
  }, 120_000);

  it('sweep --json without --grid starts at λmax, where every coefficient is zero', async () => {
    const { code, stdout, stderr } = await regula([
      'sweep', engineFixture('linear.csv'), '--target', 'y', '--features', 'a,b,noise', '--reg', 'l1', '--steps', '6', '--folds', '3', '--project', path.join(await tempDir(), 'p'), '--json',
    ]);
    expect(stderr).not.toMatch(/error/i);
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.grid).toMatchObject({ source: 'data', steps: 6 });
    expect(out.points).toHaveLength(6);
    expect(out.points[0].lambda).toBe(out.grid.from);
    expect(out.points[0].zeros).toBe(out.points[0].weights);
    expect(out.points[5].lambda).toBeCloseTo(out.grid.from * 1e-3, 12);
    expect(out.cvAtMin).toEqual(out.points.find((p: { lambda: number }) => p.lambda === out.lambdaMin).cv);
    expect(Array.isArray(out.warnings)).toBe(true);
    expect(out).toHaveProperty('chosen');
  }, 120_000);
});
