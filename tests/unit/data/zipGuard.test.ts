// The zip pre-check inflates with Node's zlib under output caps: a bomb is refused at its first
// limit, and the parts a reader asks for come back exactly as fflate unpacks them.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { checkZip, MAX_INFLATE_RATIO } from '../../../electron/engine/data/zipGuard';

describe('checkZip', () => {
  it('refuses an entry that inflates past the ratio limit, without inflating all of it', () => {
    const bomb = zipSync({ 'xl/worksheets/sheet1.xml': new Uint8Array(200 * 1024 * 1024) }, { level: 9 });
    const start = process.memoryUsage().arrayBuffers;
    const { problem, files } = checkZip(bomb, () => true);
    expect(problem?.code).toBe('zip-bomb');
    expect(problem?.message).toMatch(new RegExp(`xl/worksheets/sheet1\\.xml\\) that unpacks to more than ${MAX_INFLATE_RATIO} times its packed size`));
    expect(files.size).toBe(0);
    expect(process.memoryUsage().arrayBuffers - start).toBeLessThan(150 * 1024 * 1024);
  });

  it('returns the kept entries byte for byte', () => {
    const parts = { 'xl/a.xml': strToU8('<a>é & ü</a>'.repeat(5000)), 'xl/b.bin': new Uint8Array([1, 2, 3]), 'docProps/app.xml': strToU8('<x/>') };
    const zip = zipSync(parts);
    const { problem, files, entries } = checkZip(zip, (name) => name.startsWith('xl/'));
    expect(problem).toBeUndefined();
    expect(entries.sort()).toEqual(Object.keys(parts).sort());
    const want = unzipSync(zip);
    expect([...files.keys()].sort()).toEqual(['xl/a.xml', 'xl/b.bin']);
    expect(new Uint8Array(files.get('xl/a.xml')!)).toEqual(want['xl/a.xml']);
    expect(new Uint8Array(files.get('xl/b.bin')!)).toEqual(want['xl/b.bin']);
  });

  it('reports a damaged entry as damaged', () => {
    const zip = zipSync({ 'xl/a.xml': strToU8('<a>hello hello hello hello</a>'.repeat(100)) });
    const damaged = zip.slice();
    damaged.fill(0xff, 38, 42); // the first deflate block header of the only entry (its data starts at 30 + 8)
    expect(checkZip(damaged).problem?.code).toBe('truncated');
  });
});
