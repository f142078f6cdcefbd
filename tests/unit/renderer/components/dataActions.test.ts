// @vitest-environment happy-dom
// Type-checked with the renderer (renderer/tsconfig.json: DOM types and .vue modules).
// "Copy coefficients" and "Download data as CSV" as an analyst uses them: the buttons found by
// their accessible names, the text that reaches the clipboard or the file read back and checked
// against the run's own numbers — every value in full, formula-like names neutralized, the
// result announced in a status region.
import { mount } from '@vue/test-utils';
import Papa from 'papaparse';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClassCoefficients as ClassCoefficientsType, EpochMetrics, SweepPoint } from '../../../../shared/domain';
import ClassCoefficients from '../../../../renderer/src/components/ClassCoefficients.vue';
import CoefficientBars from '../../../../renderer/src/components/CoefficientBars.vue';
import CompareCoefficients from '../../../../renderer/src/components/CompareCoefficients.vue';
import DataActions from '../../../../renderer/src/components/DataActions.vue';
import { lossTable, sweepTable } from '../../../../renderer/src/model/chartTables';
import { coefficientPaths } from '../../../../renderer/src/model/sweep';
import { runRecord } from '../fakeLab';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

/** A button by its accessible name: its text, hidden parts included (no aria-label overrides it). */
function button(wrapper: ReturnType<typeof mount>, name: string) {
  const found = wrapper.findAll('button').filter((b) => b.text().replace(/\s+/g, ' ').trim() === name);
  expect(found, `one button named "${name}"`).toHaveLength(1);
  return found[0]!;
}

/** What the page handed to the download link: the Blob behind the object URL, and the file name. */
function captureDownloads(): { files: { name: string; blob: Blob }[] } {
  const files: { name: string; blob: Blob }[] = [];
  let last: Blob | undefined;
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    last = blob as Blob;
    return 'blob:test';
  });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    files.push({ name: this.download, blob: last! });
  });
  return { files };
}

function parse(text: string, delimiter: string): string[][] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, '').replace(/\r\n$/, ''), { delimiter, newline: '\r\n' });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

const coefficients = [
  { feature: 'rooms', value: -0.123456789012, valueOriginal: -1.5e-7 },
  { feature: '=HYPERLINK("http://x")', value: 2.718281828459045, valueOriginal: 31.25 },
  { feature: 'area', value: 0, valueOriginal: 0 },
];

describe('Copy coefficients', () => {
  it('puts the coefficients on the clipboard as tab-separated text, largest first, with full values, and says so', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard);
    const wrapper = mount(CoefficientBars, { props: { coefficients, name: 'Run 1', intercept: 4.5, interceptOriginal: 100.25 }, attachTo: document.body });
    await button(wrapper, 'Copy coefficients').trigger('click');
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledOnce());
    const rows = parse(writeText.mock.calls[0]![0], '\t');
    expect(rows[0]).toEqual(['feature', 'coefficient_standardized', 'coefficient_original_units', 'dropped_by_penalty']);
    const byMagnitude = [...coefficients].sort((a, b) => Math.abs(b.value) - Math.abs(a.value));
    expect(rows.slice(1, 4).map((r) => r[0])).toEqual(byMagnitude.map((c) => (c.feature.startsWith('=') ? `'${c.feature}` : c.feature)));
    rows.slice(1, 4).forEach((r, i) => {
      expect(Number(r[1])).toBe(byMagnitude[i]!.value); // every digit, not the 3 shown on screen
      expect(Number(r[2])).toBe(byMagnitude[i]!.valueOriginal);
      expect(r[3]).toBe(byMagnitude[i]!.value === 0 ? 'yes' : 'no');
    });
    expect(rows[4]).toEqual(['(intercept)', '4.5', '100.25', '']);
    const status = wrapper.get('[role="status"]');
    await vi.waitFor(() => expect(status.text()).toBe('Copied 4 rows: paste into Excel or a sheet.'));
  });

  it('says so when no clipboard is available, pointing to the CSV download', async () => {
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText: () => Promise.reject(new Error('denied')) } as unknown as Clipboard);
    document.execCommand = (() => false) as typeof document.execCommand;
    const wrapper = mount(CoefficientBars, { props: { coefficients }, attachTo: document.body });
    await button(wrapper, 'Copy coefficients').trigger('click');
    await vi.waitFor(() => expect(wrapper.get('[role="status"]').text()).toContain('use "Download data as CSV" instead'));
  });

  it('falls back to the copy command where the Clipboard API is refused (the desktop app denies its permission)', async () => {
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText: () => Promise.reject(new Error('denied')) } as unknown as Clipboard);
    let copied = '';
    document.execCommand = ((command: string) => {
      copied = command === 'copy' ? (document.querySelector('textarea')?.value ?? '') : '';
      return command === 'copy';
    }) as typeof document.execCommand;
    const wrapper = mount(CoefficientBars, { props: { coefficients }, attachTo: document.body });
    await button(wrapper, 'Copy coefficients').trigger('click');
    await vi.waitFor(() => expect(wrapper.get('[role="status"]').text()).toBe('Copied 3 rows: paste into Excel or a sheet.'));
    expect(copied.split('\r\n')[0]).toBe('feature\tcoefficient_standardized\tcoefficient_original_units\tdropped_by_penalty');
    expect(document.querySelector('textarea')).toBeNull(); // the helper area is gone
  });

  it('copies a multiclass table with a column per class and the intercepts', async () => {
    const writeText = vi.fn(async (_text: string) => undefined);
    vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard);
    const classes: ClassCoefficientsType[] = [
      { class: 'a', coefficients: [{ feature: 'x', value: 1.25 }, { feature: 'y', value: 0 }], intercept: -0.5 },
      { class: '+b', coefficients: [{ feature: 'x', value: -3.5 }, { feature: 'y', value: 0.0625 }], intercept: 0.5 },
    ];
    const wrapper = mount(ClassCoefficients, { props: { classes }, attachTo: document.body });
    await button(wrapper, 'Copy coefficients (coefficients per class)').trigger('click');
    await vi.waitFor(() => expect(writeText).toHaveBeenCalledOnce());
    expect(parse(writeText.mock.calls[0]![0], '\t')).toEqual([
      ['feature', 'a', "'+b"],
      ['x', '1.25', '-3.5'],
      ['y', '0', '0.0625'],
      ['(intercept)', '-0.5', '0.5'],
    ]);
  });
});

describe('Download data as CSV', () => {
  it('downloads compared runs\' coefficients as CSV (BOM, CRLF, a column per run, empty where a run lacks the feature)', async () => {
    const { files } = captureDownloads();
    const runs = [
      runRecord({ id: 'r1', name: 'L1 0.1', coefficients: [{ feature: 'area', value: 0.5 }, { feature: 'rooms', value: 0 }] }),
      runRecord({ id: 'r2', name: 'L2 0.1', coefficients: [{ feature: 'area', value: 0.25 }, { feature: 'age', value: -1e-9 }] }),
    ];
    const wrapper = mount(CompareCoefficients, { props: { runs }, attachTo: document.body });
    await button(wrapper, 'Download data as CSV (compared coefficients)').trigger('click');
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toBe('compared coefficients.csv');
    expect(files[0]!.blob.type).toBe('text/csv;charset=utf-8');
    const text = await files[0]!.blob.text();
    expect(text.startsWith('\uFEFFfeature,L1 0.1,L2 0.1\r\n')).toBe(true);
    const rows = parse(text, ',');
    expect(new Map(rows.slice(1).map((r) => [r[0], r.slice(1)]))).toEqual(
      new Map([
        ['area', ['0.5', '0.25']],
        ['rooms', ['0', '']],
        ['age', ['', '-1e-9']],
      ]),
    );
    expect(wrapper.get('[role="status"]').text()).toBe('compared coefficients.csv downloaded.');
  });

  it('a loss curve\'s CSV holds every epoch (the chart draws a thinned line), with the parts when the engine split them', async () => {
    const { files } = captureDownloads();
    const curve: EpochMetrics[] = Array.from({ length: 3000 }, (_, i) => ({
      epoch: i + 1,
      loss: 1 / (i + 1),
      valLoss: i === 5 ? Number.NaN : 1.1 / (i + 1),
      epochMs: 1,
      lossParts: { data: 0.9 / (i + 1), penalty: 0.1 / (i + 1), total: 1 / (i + 1) },
    }));
    const wrapper = mount(DataActions, { props: { what: 'loss curve', fileStem: 'Run: 1/2 loss', table: () => lossTable(curve) }, attachTo: document.body });
    await button(wrapper, 'Download data as CSV (loss curve)').trigger('click');
    expect(files[0]!.name).toBe('Run_ 1_2 loss.csv'); // no path separators reach the file name
    const rows = parse(await files[0]!.blob.text(), ',');
    expect(rows[0]).toEqual(['epoch', 'training_loss_total', 'validation_loss_total', 'training_data_loss', 'validation_data_loss', 'penalty']);
    expect(rows).toHaveLength(3001);
    rows.slice(1).forEach((r, i) => {
      expect(Number(r[0])).toBe(curve[i]!.epoch);
      expect(Number(r[1])).toBe(curve[i]!.loss);
      expect(Number(r[5])).toBe(curve[i]!.lossParts!.penalty);
    });
    expect(rows[6]![2]).toBe(''); // a NaN validation loss is an empty cell, not "NaN"
  });

  it('a sweep\'s CSV has λ ascending, the score, the CV mean ± SE and each feature\'s path', () => {
    const point = (lambda: number, cv: number, a: number, b: number): SweepPoint => ({
      lambda,
      lambda1: lambda,
      lambda2: 0,
      metrics: { train: { mse: cv }, validation: { mse: cv } },
      loss: { data: cv, penalty: 0, total: cv },
      weights: 2,
      zeros: (a === 0 ? 1 : 0) + (b === 0 ? 1 : 0),
      coefficients: [
        { feature: 'a', value: a },
        { feature: 'b', value: b },
      ],
      cv: { mean: cv, se: cv / 10 },
    });
    const points = [point(1, 3, 0, 0), point(0.01, 1.5, 2, -1), point(0.1, 2, 1, 0)];
    const table = sweepTable(points, 'CV MSE', coefficientPaths(points));
    expect(table.header).toEqual(['lambda', 'lambda1', 'lambda2', 'CV MSE', 'cv_mean', 'cv_se', 'nonzero_weights', 'coef_a', 'coef_b']);
    expect(table.rows).toEqual([
      [0.01, 0.01, 0, 1.5, 1.5, 0.15, 2, 2, -1],
      [0.1, 0.1, 0, 2, 2, 0.2, 1, 1, 0],
      [1, 1, 0, 3, 3, 0.3, 0, 0, 0],
    ]);
  });
});
