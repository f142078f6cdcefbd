// A deeply nested JSON record must be refused with a limit that names itself, not overflow the
// call stack (exit 70, "Maximum call stack size exceeded").
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importTable } from '../../../electron/engine/data/importTable';
import { MAX_JSON_DEPTH } from '../../../electron/engine/data/readJson';
import { RegulaError } from '../../../electron/engine/errors';
import { tempDir } from '../helpers';
import { deeplyNestedJson } from './hostileFiles';

async function jsonFile(name: string, text: string): Promise<string> {
  const file = path.join(await tempDir(), name);
  await writeFile(file, text);
  return file;
}

describe('nested JSON', () => {
  it('a record nested 5,000 levels deep is a clear error naming the file and the limit', async () => {
    const file = await jsonFile('deep.json', deeplyNestedJson(5000));
    const err: unknown = await importTable(file).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(RegulaError);
    expect((err as RegulaError).code).toBe('json-too-deep');
    expect((err as RegulaError).message).toContain('deep.json');
    expect((err as RegulaError).message).toContain('MAX_JSON_DEPTH');
  });

  it('brackets inside strings do not count, and nesting up to the limit still imports', async () => {
    const inside = MAX_JSON_DEPTH - 2; // the records' array and the record itself are two levels
    const file = await jsonFile('ok.json', `[{"a": "${'[['.repeat(500)}\\"{", "b": ${'['.repeat(inside)}${']'.repeat(inside)}}, {"a": "x", "b": 1}]`);
    const imported = await importTable(file);
    expect(imported.table.rowCount).toBe(2);
  });
});
