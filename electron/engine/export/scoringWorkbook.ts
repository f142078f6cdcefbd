// The Excel scoring workbook for a linear model: a Coefficients sheet (what the model is) and a
// Score sheet where an analyst pastes raw rows and live formulas do the rest — missing-value
// fills, one-hot columns, the linear predictor and, for classifiers, the probabilities. Plain
// formulas only (no macros, no array formulas), so Excel, LibreOffice and Google Sheets agree.
import type { CellObject, WorkSheet } from '@e965/xlsx';
import { RegulaError } from '../errors';
import type { PrepManifest } from '../prep/manifest';
import { linearCoefficients, type ExportedModel } from './exportedModel';
import { loadSheetJs } from './lazyLibraries';
import { neutralizeFormula } from './writeTable';

/** Rows of the Score sheet that carry formulas, ready for pasting. */
export const SCORE_ROWS = 1000;
/** Excel refuses formulas longer than 8,192 characters; keep a margin. */
const MAX_FORMULA = 8000;

type Sheet = WorkSheet;
/**
 * SheetJS, loaded by scoringWorkbookBytes before anything below runs (see lazyLibraries.ts: only an
 * export needs it, so it is not loaded at start-up).
 */
let XLSX: Awaited<ReturnType<typeof loadSheetJs>>;

function text(v: string): CellObject {
  return { t: 's', v: neutralizeFormula(v) as string };
}
function num(v: number): CellObject {
  return { t: 'n', v };
}
function formula(f: string): CellObject {
  if (f.length > MAX_FORMULA) throw new RegulaError('export-too-wide', 'This model has too many inputs for an Excel scoring formula; export it as ONNX or Keras instead.');
  return { t: 'n', f };
}
function quote(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}
const col = (c: number) => XLSX.utils.encode_col(c);
const addr = (r: number, c: number) => XLSX.utils.encode_cell({ r, c });
const absolute = (r: number, c: number) => `Coefficients!$${col(c)}$${r + 1}`;

export async function scoringWorkbookBytes(m: ExportedModel, manifest: PrepManifest): Promise<Uint8Array> {
  XLSX = await loadSheetJs();
  if (!m.isLinear) throw new RegulaError('export-not-linear', 'The Excel scoring workbook is for linear models; this run is a dense network (export it as ONNX, Keras or TF.js).');
  const coef = linearCoefficients(m);
  const book = XLSX.utils.book_new();
  const { sheet: coefSheet, coefCell, interceptCell } = coefficientsSheet(m, manifest, coef);
  XLSX.utils.book_append_sheet(book, scoreSheet(m, manifest, coef.outputs, coefCell, interceptCell), 'Score');
  XLSX.utils.book_append_sheet(book, coefSheet, 'Coefficients');
  return XLSX.write(book, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}

function coefficientsSheet(m: ExportedModel, manifest: PrepManifest, coef: ReturnType<typeof linearCoefficients>) {
  const sheet: Sheet = {};
  const suffix = (o: number) => (m.task === 'multiclass' ? ` (${coef.outputs[o]})` : '');
  const header = ['input', 'source column', 'kind', 'mean', 'std'];
  coef.outputs.forEach((_, o) => header.push(`coefficient standardized${suffix(o)}`, `coefficient original units${suffix(o)}`, `exact zero${suffix(o)}`));
  header.forEach((h, c) => (sheet[addr(0, c)] = text(h)));
  const origCol = (o: number) => 5 + 3 * o + 1;
  sheet[addr(1, 0)] = text('(intercept)');
  coef.outputs.forEach((_, o) => {
    sheet[addr(1, 5 + 3 * o)] = num(coef.intercept[o]!);
    sheet[addr(1, origCol(o))] = num(coef.interceptOriginal[o]!);
  });
  manifest.inputs.forEach((input, j) => {
    const r = j + 2;
    sheet[addr(r, 0)] = text(input.name);
    sheet[addr(r, 1)] = text(input.source);
    sheet[addr(r, 2)] = text(input.kind === 'numeric' ? 'numeric' : 'one-hot (1 if the cell is this category)');
    sheet[addr(r, 3)] = num(input.mean);
    sheet[addr(r, 4)] = num(input.std);
    coef.outputs.forEach((_, o) => {
      sheet[addr(r, 5 + 3 * o)] = num(coef.standardized[j]![o]!);
      sheet[addr(r, origCol(o))] = num(coef.original[j]![o]!);
      sheet[addr(r, 5 + 3 * o + 2)] = text(coef.standardized[j]![o] === 0 ? 'yes' : '');
    });
  });
  const notes = [
    `Target: ${manifest.target.name} (${manifest.target.task}${m.classes ? `; classes ${m.classes.join(', ')}` : ''}).`,
    'Prediction = intercept (original units) + Σ coefficient (original units) × input; standardized coefficients multiply (input − mean) / std.',
    m.task === 'binary' ? `Probability of ${m.classes![1]} = 1 / (1 + EXP(−prediction)).` : m.task === 'multiclass' ? 'Class probabilities = softmax of the per-class predictions.' : '',
  ].filter(Boolean);
  const notesRow = manifest.inputs.length + 3;
  notes.forEach((n, i) => (sheet[addr(notesRow + i, 0)] = text(n)));
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: notesRow + notes.length, c: header.length - 1 } });
  return {
    sheet,
    coefCell: (j: number, o: number) => absolute(j + 2, origCol(o)),
    interceptCell: (o: number) => absolute(1, origCol(o)),
  };
}

function scoreSheet(m: ExportedModel, manifest: PrepManifest, outputs: string[], coefCell: (j: number, o: number) => string, interceptCell: (o: number) => string): Sheet {
  const sheet: Sheet = {};
  const columns = manifest.columns;
  const rawCol = new Map(columns.map((c, i) => [c.name, i]));
  const inputStart = columns.length;
  const zStart = inputStart + manifest.inputs.length;
  const k = outputs.length;
  const outStart = zStart + k;
  const header: string[] = [
    ...columns.map((c) => c.name),
    ...manifest.inputs.map((i) => `input: ${i.name}`),
    ...(m.task === 'regression' ? ['prediction'] : outputs.map((o) => `linear predictor: ${o}`)),
    ...(m.task === 'binary' ? [`probability_${m.classes![1]}`, 'predicted class'] : []),
    ...(m.task === 'multiclass' ? [...m.classes!.map((c) => `probability_${c}`), 'predicted class'] : []),
  ];
  header.forEach((h, c) => (sheet[addr(0, c)] = text(h)));
  const required = columns.map((c, i) => (c.fill === undefined ? i : -1)).filter((i) => i >= 0);
  for (let r = 1; r <= SCORE_ROWS; r++) {
    const raw = (name: string) => addr(r, rawCol.get(name)!);
    const filled = (name: string) => {
      const c = columns[rawCol.get(name)!]!;
      if (c.fill === undefined) return raw(name);
      return `IF(${raw(name)}="",${typeof c.fill === 'number' ? String(c.fill) : quote(c.fill)},${raw(name)})`;
    };
    manifest.inputs.forEach((input, j) => {
      let f: string;
      if (input.kind === 'numeric') f = filled(input.source);
      else if (input.category !== undefined) f = `IF(EXACT(${filled(input.source)},${quote(input.category)}),1,0)`;
      else {
        // "other": a present value that is none of the kept categories.
        const kept = manifest.inputs.map((x, i) => (x.source === input.source && x.category !== undefined ? addr(r, inputStart + i) : null)).filter(Boolean);
        f = `IF(${filled(input.source)}="",0,1-(${kept.join('+') || '0'}))`;
      }
      sheet[addr(r, inputStart + j)] = formula(f);
    });
    // A row is scored when something was pasted and no drop-row column is empty.
    const blank = [`COUNTA(${addr(r, 0)}:${addr(r, columns.length - 1)})=0`, ...required.map((i) => `${addr(r, i)}=""`)];
    const guard = blank.length > 1 ? `OR(${blank.join(',')})` : blank[0]!;
    for (let o = 0; o < k; o++) {
      const terms = manifest.inputs.map((_, j) => `${coefCell(j, o)}*${addr(r, inputStart + j)}`);
      sheet[addr(r, zStart + o)] = formula(`IF(${guard},"",${interceptCell(o)}+${terms.join('+')})`);
    }
    const z = (o: number) => addr(r, zStart + o);
    if (m.task === 'binary') {
      const p = addr(r, outStart);
      sheet[p] = formula(`IF(${z(0)}="","",1/(1+EXP(-${z(0)})))`);
      sheet[addr(r, outStart + 1)] = { t: 's', f: `IF(${p}="","",IF(${p}>=0.5,${quote(m.classes![1]!)},${quote(m.classes![0]!)}))` } as CellObject;
    } else if (m.task === 'multiclass') {
      const zRange = `${z(0)}:${z(k - 1)}`;
      const max = `MAX(${zRange})`;
      const denominator = Array.from({ length: k }, (_, o) => `EXP(${z(o)}-${max})`).join('+');
      for (let o = 0; o < k; o++) sheet[addr(r, outStart + o)] = formula(`IF(${z(0)}="","",EXP(${z(o)}-${max})/(${denominator}))`);
      const pRange = `${addr(r, outStart)}:${addr(r, outStart + k - 1)}`;
      sheet[addr(r, outStart + k)] = {
        t: 's',
        f: `IF(${addr(r, outStart)}="","",CHOOSE(MATCH(MAX(${pRange}),${pRange},0),${m.classes!.map(quote).join(',')}))`,
      } as CellObject;
    }
  }
  sheet['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: SCORE_ROWS, c: header.length - 1 } });
  sheet['!cols'] = header.map((h) => ({ wch: Math.min(40, Math.max(10, h.length + 2)) }));
  return sheet;
}
