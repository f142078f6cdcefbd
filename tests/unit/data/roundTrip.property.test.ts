// Property: any table of numbers and texts, written with any of the supported delimiters,
// encodings and quoting styles, reads back with the same names and values.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTable } from '../../../electron/engine/data/importTable';
import { displayCell } from '../../../electron/engine/data/tablePage';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'regula-prop-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Words that mean "missing" or yes/no are read for that meaning, so they are not plain text here.
const MEANINGFUL = /^(na|nan|null|none|yes|no|y|n|t|f|true|false|ja|nein|oui|non|wahr|falsch|vrai|faux)$/i;
const word = fc.stringMatching(/^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ ,;|"'\n]{0,8}[A-Za-zÀ-ÿ]$/).filter((w) => !MEANINGFUL.test(w));
const table = fc.integer({ min: 1, max: 4 }).chain((textCols) =>
  fc.record({
    numbers: fc.array(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 30 }),
    texts: fc.array(fc.array(word, { minLength: textCols, maxLength: textCols }), { minLength: 30, maxLength: 30 }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    encoding: fc.constantFrom('utf-8', 'utf-8-bom', 'utf-16le', 'windows-1252'),
    quoteAll: fc.boolean(),
    crlf: fc.boolean(),
  }),
);

function encode(text: string, encoding: string): Buffer {
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'windows-1252') return Buffer.from(text, 'latin1'); // À-ÿ are the same code points
  return Buffer.concat([encoding === 'utf-8-bom' ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, 'utf8')]);
}

describe('round trip through delimited text', () => {
  it('reads back what was written', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(table, async (t) => {
        const rows = t.numbers.map((nums, i) => [...nums.map(String), ...t.texts[i]!]);
        const names = [...t.numbers[0]!.map((_, i) => `n${i}`), ...t.texts[0]!.map((_, i) => `t${i}`)];
        const quote = (f: string) => (t.quoteAll || /[,;\t|"\n\r]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f);
        const eol = t.crlf ? '\r\n' : '\n';
        const text = [names, ...rows].map((r) => r.map(quote).join(t.delimiter)).join(eol) + eol;
        const file = path.join(dir, `t${n++}.csv`);
        await writeFile(file, encode(text, t.encoding));
        const imported = await importTable(file);
        expect(imported.detected.delimiter).toBe(t.delimiter);
        expect(imported.columns.map((c) => c.name)).toEqual(names);
        expect(imported.table.rowCount).toBe(rows.length);
        for (let c = 0; c < 3; c++) {
          const col = imported.table.columns[c]!;
          expect(Array.from(col.values as Float64Array)).toEqual(t.numbers.map((r) => r[c]! + 0)); // -0 reads as 0 only via String
        }
        for (let c = 3; c < names.length; c++) {
          const col = imported.table.columns[c]!;
          expect(rows.map((_, r) => displayCell(col, r))).toEqual(rows.map((r) => r[c]!.trim()));
        }
      }),
      { numRuns: 60, seed: 42 },
    );
  });
});
