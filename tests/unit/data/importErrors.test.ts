// Bad input an analyst can hit: each refused with a RegulaError naming the file and, where it
// applies, the row.
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importTable } from '../../../electron/engine/data/importTable';
import { MAX_COLUMNS } from '../../../electron/engine/data/tableAssembler';
import { expected, fixture, regulaError } from './fixtures';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'regula-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('importTable refuses bad input clearly', () => {
  it.each([
    ['missing.csv', 'file-not-found', /missing\.csv was not found/],
    ['empty.csv', 'empty-file', /empty\.csv is empty/],
    ['header_only.csv', 'no-data-rows', /header_only\.csv has a header \(row 1\) but no data rows/],
    ['binary_junk.csv', 'not-text', /binary_junk\.csv does not look like a text table/],
    ['wide_10000.csv', 'too-many-columns', new RegExp(`wide_10000\\.csv has 10000 columns; Regula reads at most ${MAX_COLUMNS}`)],
  ])('%s → %s', async (name, code, message) => {
    const err = await regulaError(importTable(fixture(name)));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(err.place.file).toBe(name);
  });

  it('an unbalanced quote is fatal and names the line it opened on', async () => {
    const err = await regulaError(importTable(fixture('unbalanced_quote.csv')));
    expect(err.code).toBe('csv-syntax');
    expect(err.place.row).toBe(expected['unbalanced_quote.csv'].errorRow);
    expect(err.message).toMatch(/unbalanced_quote\.csv: the quote opened at line 4 is never closed/);
  });

  it('a row with more fields than the header is an error; a shorter one is padded and warned about', async () => {
    const err = await regulaError(importTable(fixture('ragged.csv')));
    expect(err.code).toBe('ragged-row');
    expect(err.place.row).toBe(expected['ragged.csv'].errorRow);
    expect(err.message).toMatch(/ragged\.csv: row 5 has 4 fields but the header \(row 1\) has 3/);
    const shortOnly = path.join(dir, 'short.csv');
    await writeFile(shortOnly, 'a,b,c\n1,2,3\n4,5\n');
    const ok = await importTable(shortOnly);
    expect(ok.warnings.join()).toMatch(/1 row\(s\) have fewer fields than the header \(first at row 3\)/);
  });

  it('text after a closing quote is an error at its line', async () => {
    const file = path.join(dir, 'after_quote.csv');
    await writeFile(file, 'a,b\n1,"x"y\n');
    const err = await regulaError(importTable(file));
    expect(err.place.row).toBe(2);
  });

  it('a workbook name on a non-workbook file is refused', async () => {
    const file = path.join(dir, 'renamed.xlsx');
    await copyFile(fixture('basic_comma.csv'), file);
    const err = await regulaError(importTable(file));
    expect(err.code).toBe('not-a-workbook');
    expect(err.message).toMatch(/renamed\.xlsx is not a readable \.xlsx workbook/);
  });

  it('a file that changes while being read is refused', async () => {
    const file = path.join(dir, 'growing.csv');
    const rows = Array.from({ length: 300_000 }, (_, i) => `${i},${i * 2}`).join('\n');
    await writeFile(file, `a,b\n${rows}\n`);
    let appended = false;
    const err = await regulaError(
      importTable(file, {
        onProgress: () => {
          if (appended) return;
          appended = true;
          void writeFile(file, '1,2\n', { flag: 'a' });
        },
      }),
    );
    expect(err.code).toBe('file-changed');
    expect(err.message).toMatch(/growing\.csv changed while it was being read/);
  });

  it('cancellation stops a CSV read', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await regulaError(importTable(fixture('basic_comma.csv'), { signal: controller.signal }));
    expect(err.code).toBe('cancelled');
  });
});
