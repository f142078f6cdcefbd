// Formula injection: every way Regula writes a table (file, XLSX, CLI stdout) goes through one
// neutralizing writer, header cells included, and invisible characters before `=` do not hide it.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { neutralizeFormula, writeTable } from '../../../electron/engine/export/writeTable';
import { fixturesDir, repoRoot, tempDir } from '../helpers';

// Leading characters a spreadsheet skips or does not show: zero-width space, BOM, NBSP, space, tab-less.
const HIDDEN = ['\u200B', '\uFEFF', '\u00A0', ' ', '\u2060', '\u200B\u00A0'];
const TRIGGERS = ['=', '+', '-', '@'];
const dangerous = HIDDEN.flatMap((h) => TRIGGERS.map((t) => `${h}${t}1+cmd|' /C calc'!A0`));

/** What a spreadsheet would run: after skipping invisible characters, a formula trigger first. */
const runsAsFormula = (text: string) => /^[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]*[=+\-@\t\r\n]/.test(text);

describe('one neutralizing writer', () => {
  it('invisible characters before a formula trigger do not hide it', () => {
    for (const text of dangerous) expect(neutralizeFormula(text), JSON.stringify(text)).toBe(`'${text}`);
    for (const text of ['plain', '\u200Bplain', '1 + 1', 'a=b', '']) expect(neutralizeFormula(text)).toBe(text);
    expect(neutralizeFormula(-3.5)).toBe(-3.5);
  });

  it('an XLSX file gets neutralized header cells and body cells', async () => {
    const file = path.join(await tempDir(), 'out.xlsx');
    await writeTable(file, ['=HYPERLINK("http://x","y")', '\u200B@hdr'], [['\uFEFF=1+1', 2]]);
    const sheet = XLSX.read(await readFile(file)).Sheets.Predictions!;
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
    expect(rows[0]).toEqual([`'=HYPERLINK("http://x","y")`, `'\u200B@hdr`]);
    expect(rows[1]).toEqual([`'\uFEFF=1+1`, 2]);
  });

  it('regula predict to stdout neutralizes header cells and hidden formulas', async () => {
    const dir = await tempDir();
    const input = path.join(dir, 'new.csv');
    const header = ['a', 'b', 'region', '=HYPERLINK("http://evil","x")', '@hdr', '\u200B=hidden'];
    const rows = dangerous.slice(0, 8).map((text, i) => [i, i / 2, 'north', text, `\u00A0+${i}`, 'ok']);
    await writeFile(input, Papa.unparse({ fields: header, data: rows }));
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'bin', 'regula.mjs'), 'predict', input, '--model', path.join(fixturesDir, 'hostile', 'models', 'linear-regression')], {
      env: { ...process.env, REGULA_BACKEND: 'wasm' },
    });
    const parsed = Papa.parse<string[]>(stdout.trim(), { header: false }).data;
    expect(parsed.length).toBe(rows.length + 1);
    expect(parsed[0]).toContain(`'=HYPERLINK("http://evil","x")`);
    // Numbers (a negative prediction) stay numbers; every text a spreadsheet would run is neutralized.
    const texts = parsed.flat().filter((cell) => cell.trim() === '' || !Number.isFinite(Number(cell)));
    for (const cell of texts) expect(runsAsFormula(cell) && !cell.startsWith("'"), JSON.stringify(cell)).toBe(false);
  });
});
