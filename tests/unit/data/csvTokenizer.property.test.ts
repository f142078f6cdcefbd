// Property: the byte tokenizer yields the same records and line numbers however the file is cut
// into chunks (a chunk may end inside a quote, a doubled quote, a CRLF or a multi-byte character).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, CsvTokenizer } from '../../../electron/engine/data/csvTokenizer';

const field = fc.oneof(
  fc.stringMatching(/^[a-z0-9.-]{0,6}$/),
  fc.array(fc.constantFrom('a', 'é', '€', '😀', ' ', ',', ';', '"', '\r', '\n'), { maxLength: 6 }).map((cs) => cs.join('')),
);
const table = fc.record({
  rows: fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
  delimiter: fc.constantFrom(',', ';', '\t'),
  eol: fc.constantFrom('\n', '\r\n', '\r'),
  cuts: fc.array(fc.nat(), { maxLength: 8 }),
});

function quote(f: string): string {
  return /[,;\t"\r\n]/.test(f) || f.startsWith(' ') ? `"${f.replaceAll('"', '""')}"` : f;
}

function tokenize(bytes: Uint8Array, delimiter: string, cuts: number[]): { fields: string[]; line: number }[] {
  const out: { fields: string[]; line: number }[] = [];
  const tokenizer = new CsvTokenizer(delimiter, (r) => out.push({ fields: Array.from({ length: r.count }, (_, i) => r.text(i)), line: r.line }));
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let from = 0;
  for (const p of [...points, bytes.length]) {
    // A copy per chunk, then overwritten: the tokenizer must not keep views of what it was given.
    const chunk = Buffer.from(bytes.subarray(from, p));
    tokenizer.write(chunk);
    chunk.fill(0x58);
    from = p;
  }
  tokenizer.end();
  return out;
}

describe('CsvTokenizer', () => {
  it('gives the same records and lines for any chunking', () => {
    fc.assert(
      fc.property(table, ({ rows, delimiter, eol, cuts }) => {
        const text = rows.map((r) => r.map(quote).join(delimiter)).join(eol) + eol;
        const records = tokenize(new TextEncoder().encode(text), delimiter, cuts);
        let line = 1;
        const want = rows.map((fields) => {
          const record = { fields, line };
          // A lone \r inside a quoted field does not count as a line; \n does.
          line += 1 + fields.join('').split('\n').length - 1;
          return record;
        });
        expect(records).toEqual(want);
      }),
      { numRuns: 3000, seed: 3 },
    );
  });

  it('an unclosed quote is an error at the line it opened on, however the file is cut', () => {
    const bytes = new TextEncoder().encode('a,b\n1,2\n3,"x\ny\n4,5\n');
    for (let cut = 0; cut <= bytes.length; cut++) {
      let error: unknown;
      try {
        tokenize(bytes, ',', [cut]);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(CsvSyntaxError);
      expect((error as CsvSyntaxError).line).toBe(3);
    }
  });
});
