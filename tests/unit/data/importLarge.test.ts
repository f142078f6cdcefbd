// A file longer than the 1000-row sample, so most of its rows take the streaming path (fields read
// from bytes, numbers parsed without strings): every value and statistic checked against the
// generator's own truth, in each encoding the byte path handles differently.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTable } from '../../../electron/engine/data/importTable';
import { isNumericColumn } from '../../../electron/engine/data/table';
import { regulaError } from './fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'regula-large-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ROWS = 3000;
const CITIES = ['Oslo', 'Lima', 'Zürich', 'North Shields'];

interface Truth {
  text: string;
  lines: number;
  x: (number | null)[];
  long: number[];
  city: (string | null)[];
  note: string[];
  strayLines: number[];
  shortLine: number;
}

/** The file and what each cell means. Line 1 is the header; one blank line sits among the data. */
function makeFile(eol: string): Truth {
  const lines = ['id,x,long,city,note,flag'];
  const truth: Truth = { text: '', lines: 0, x: [], long: [], city: [], note: [], strayLines: [], shortLine: 0 };
  for (let i = 0; i < ROWS; i++) {
    if (i === 2000) lines.push(''); // a blank line: skipped, but it still counts as a line
    const line = lines.length + 1;
    let x: string;
    if (i % 97 === 5) {
      x = i % 2 ? 'NA' : ' n/a ';
      truth.x.push(null);
    } else if (i === 1500 || i === 2500) {
      x = 'oops';
      truth.x.push(null);
      truth.strayLines.push(line);
    } else {
      const v = ((i * 7919) % 20011) / 7 - 1400;
      x = i % 5 === 0 ? v.toExponential(6) : i % 3 === 0 ? `-${Math.abs(v).toFixed(4)}` : v.toFixed(4);
      truth.x.push(Number(x));
    }
    const long = `0.${String(i).padStart(4, '0')}12345678901234567`; // 21 digits: not a fast-path number
    truth.long.push(Number(long));
    let city: string;
    if (i % 50 === 7) {
      city = 'n/a';
      truth.city.push(null);
    } else if (i % 11 === 0) {
      city = `" ${CITIES[i % 4]} "`; // quoted with spaces: trimmed
      truth.city.push(CITIES[i % 4]!);
    } else {
      city = CITIES[i % 4]!;
      truth.city.push(city);
    }
    const note = i % 100 === 0 ? `say "hi", ${i}` : `row ${i}`;
    truth.note.push(note);
    const quotedNote = note.includes('"') ? `"${note.replaceAll('"', '""')}"` : note;
    const flag = i % 2 ? 'yes' : 'no';
    if (i === 2200) {
      truth.shortLine = line;
      lines.push(`${i + 1},${x},${long},${city}`); // short: note and flag missing
      truth.note[i] = null as unknown as string;
    } else {
      lines.push(`${i + 1},${x},${long},${city},${quotedNote},${flag}`);
    }
  }
  truth.text = lines.join(eol) + eol;
  truth.lines = lines.length;
  return truth;
}

function encode(text: string, encoding: string): Buffer {
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'windows-1252') return Buffer.from(text, 'latin1'); // ü is the same code point
  return Buffer.concat([encoding === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

describe('importTable past the sample rows', () => {
  it.each([
    ['utf-8', '\n'],
    ['utf-8-bom', '\r\n'],
    ['windows-1252', '\r\n'],
    ['utf-16le', '\n'],
  ])('%s (%j line ends): values, stats, strays and warnings match the generator', async (encoding, eol) => {
    const truth = makeFile(eol);
    const file = path.join(dir, `large-${encoding}.csv`);
    await writeFile(file, encode(truth.text, encoding));
    const { table, columns, warnings } = await importTable(file);
    expect(table.rowCount).toBe(ROWS);
    const byName = Object.fromEntries(table.columns.map((c, i) => [c.name, { column: c, info: columns[i]! }]));

    const x = byName.x!;
    expect(x.info.type).toBe('number');
    expect(Array.from(x.column.values as Float64Array, (v) => (Number.isNaN(v) ? null : v))).toEqual(truth.x);
    const present = truth.x.filter((v): v is number => v !== null);
    expect(x.info).toMatchObject({ missing: ROWS - present.length, unique: new Set(present).size, min: Math.min(...present), max: Math.max(...present) });
    expect(x.info.strayRows).toEqual(truth.strayLines);
    expect(warnings.join('\n')).toMatch(new RegExp(`Column "x": 2 cell\\(s\\) are not numbers .*first at row ${truth.strayLines[0]}: "oops"`));

    expect(Array.from(byName.long!.column.values as Float64Array)).toEqual(truth.long);

    const city = byName.city!;
    expect(city.info.type).toBe('category');
    expect(city.column.values).toEqual(truth.city);
    const cityCounts = new Map<string, number>();
    for (const c of truth.city) if (c !== null) cityCounts.set(c, (cityCounts.get(c) ?? 0) + 1);
    expect(city.info.unique).toBe(cityCounts.size);
    expect(city.info.missing).toBe(truth.city.filter((c) => c === null).length);
    expect(city.info.top).toEqual([...cityCounts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count));

    const note = byName.note!;
    expect(note.column.values).toEqual(truth.note);
    expect(note.info).toMatchObject({ type: 'id', unique: ROWS - 1, missing: 1 });

    const flag = byName.flag!;
    expect(flag.info.type).toBe('boolean');
    expect(isNumericColumn(flag.column) && flag.column.values[ROWS - 1]).toBe(1);

    const id = byName.id!;
    expect(id.info).toMatchObject({ type: 'integer', unique: ROWS, excludedByDefault: true });
    expect(warnings.join('\n')).toMatch(new RegExp(`1 row\\(s\\) have fewer fields than the header \\(first at row ${truth.shortLine}\\)`));
  });

  it('a text column whose sample is all distinct but which repeats later is counted exactly', async () => {
    const rows = 25_000;
    // All distinct in the first 12,000 rows (so in the sample), repeats after; some non-ASCII texts.
    const codes = Array.from({ length: rows }, (_, i) => (i % 997 === 3 ? 'NA' : i % 501 === 7 ? `é${i < 12_000 ? i : i % 3}` : i < 12_000 ? `c${i}` : `c${i % 7}`));
    const file = path.join(dir, 'codes.csv');
    await writeFile(file, `n,code\n${codes.map((c, i) => `${i},${c}`).join('\n')}\n`);
    const { table, columns } = await importTable(file);
    const code = columns.find((c) => c.name === 'code')!;
    const present = codes.filter((c) => c !== 'NA');
    const counts = new Map<string, number>();
    for (const c of present) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(table.columns[1]!.values).toEqual(codes.map((c) => (c === 'NA' ? null : c)));
    expect(code).toMatchObject({ type: 'text', missing: rows - present.length, unique: counts.size });
    expect(code.top).toEqual([...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count).slice(0, 10));
  });

  it('names the line of a ragged row or an unclosed quote far past the sample', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `${i},${i * 2},"a\nb"`);
    rows[2100] = '2100,1,"x",extra';
    const ragged = path.join(dir, 'ragged-late.csv');
    await writeFile(ragged, `a,b,c\n${rows.join('\n')}\n`);
    const err = await regulaError(importTable(ragged));
    expect(err.code).toBe('ragged-row');
    expect(err.place.row).toBe(2 + 2100 * 2); // every earlier row spans two lines
    expect(err.message).toMatch(new RegExp(`ragged-late\\.csv: row ${2 + 2100 * 2} has 4 fields but the header \\(row 1\\) has 3`));

    rows[2100] = '2100,1,"never closed';
    for (let i = 2101; i < rows.length; i++) rows[i] = `${i},${i * 2},c`; // no quote that could close it
    const unclosed = path.join(dir, 'unclosed-late.csv');
    await writeFile(unclosed, `a,b,c\n${rows.join('\n')}\n`);
    const err2 = await regulaError(importTable(unclosed));
    expect(err2.code).toBe('csv-syntax');
    expect(err2.place.row).toBe(2 + 2100 * 2);
    expect(err2.message).toMatch(new RegExp(`unclosed-late\\.csv: the quote opened at line ${2 + 2100 * 2} is never closed`));
  });
});
