// Property: reading a field from its bytes gives exactly what the string rules in cells.ts give,
// whenever the byte path decides at all — and it decides for the plain numbers files are full of.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMissingText, parseNumberText, type NumberNotation } from '../../../electron/engine/data/cells';
import { CsvTokenizer } from '../../../electron/engine/data/csvTokenizer';
import { isBlankBytes, mayBeMissing, plainNumberBytes } from '../../../electron/engine/data/fieldBytes';

const DOT: NumberNotation = { decimal: '.', thousands: '' };
const COMMA: NumberNotation = { decimal: ',', thousands: '.' };

const digits = (max: number) => fc.stringMatching(new RegExp(`^[0-9]{0,${max}}$`));
/** Number-like texts, mostly well-formed, sometimes not (double signs, bare exponents, long mantissas). */
const numberText = (decimal: string) =>
  fc
    .tuple(
      fc.constantFrom('', '-', '+', '--', ' '),
      digits(12),
      fc.constantFrom('', decimal, decimal, '.', ','),
      digits(12),
      fc.constantFrom('', 'e', 'E', 'e-', 'e+', 'x'),
      digits(4),
      fc.constantFrom('', '', '', ' ', '%'),
    )
    .map((parts) => parts.join(''));

/** What files are full of: -123.4567, 0.5, 12e-3. */
const wellFormed = (decimal: string) =>
  fc
    .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{1,9}$/), fc.option(fc.stringMatching(/^[0-9]{0,8}$/)), fc.option(fc.integer({ min: -30, max: 30 })))
    .map(([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : decimal + frac}${exp === null ? '' : `e${exp}`}`);

function bytesOf(text: string): Buffer {
  return Buffer.from(`,${text},`, 'utf8'); // padded: fields never start at offset 0 in a record
}

describe('plainNumberBytes', () => {
  it.each([
    ['dot', DOT, '.'],
    ['comma', COMMA, ','],
  ] as const)('agrees with parseNumberText (%s notation)', (_name, notation, decimal) => {
    let decided = 0;
    fc.assert(
      fc.property(fc.oneof(wellFormed(decimal), numberText(decimal), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String)), (text) => {
        const b = bytesOf(text);
        const fast = plainNumberBytes(b, 1, b.length - 1, decimal.charCodeAt(0));
        if (Number.isNaN(fast)) return; // not decided: the caller uses the string rules
        decided++;
        expect(Object.is(fast, parseNumberText(text, notation)), `${text}: ${fast} vs ${parseNumberText(text, notation)}`).toBe(true);
      }),
      { numRuns: 20_000, seed: 7 },
    );
    expect(decided).toBeGreaterThan(5000); // the property is not vacuous
  });

  it('decides the plain forms written by spreadsheets and pandas', () => {
    for (const text of ['310.3081', '-390.3713', '0', '-0', '+5', '.5', '5.', '1e5', '-1.25E-3', '123456789012345', '9007199254740991', '0.000000000000001', '000000000000000000012.5']) {
      const b = bytesOf(text);
      const value = plainNumberBytes(b, 1, b.length - 1, 46);
      expect(Object.is(value, Number(text)), text).toBe(true);
    }
    for (const text of ['', '-', '1.2.3', '1e', 'e5', '1,5', '12345678901234567', '9007199254740993', '900719925474099.3', '1e400', ' 1']) {
      const b = bytesOf(text);
      expect(plainNumberBytes(b, 1, b.length - 1, 46), text).toBeNaN();
    }
  });
});

describe('numbers the tokenizer reads while scanning', () => {
  it.each([
    ['dot', DOT, '.', ','],
    ['comma', COMMA, ',', ';'],
  ] as const)('are the numbers parseNumberText reads (%s notation)', (_name, notation, decimal, delimiter) => {
    let decided = 0;
    let total = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(wellFormed(decimal), numberText(decimal)), { minLength: 1, maxLength: 5 }), (texts) => {
        const fields = texts.map((t) => t.replaceAll(delimiter, ''));
        const seen: number[] = [];
        const tokenizer = new CsvTokenizer(delimiter, (r) => {
          for (let i = 0; i < r.count; i++) seen.push(r.values[i]!);
        });
        tokenizer.numberDecimal = decimal.charCodeAt(0);
        tokenizer.write(Buffer.from(`${fields.join(delimiter)}\n`));
        tokenizer.end();
        expect(seen).toHaveLength(fields.length);
        total += seen.length;
        seen.forEach((value, i) => {
          if (!Number.isNaN(value)) decided++;
          if (!Number.isNaN(value)) expect(Object.is(value, parseNumberText(fields[i]!, notation)), fields[i]).toBe(true);
        });
      }),
      { numRuns: 5000, seed: 17 },
    );
    expect(decided).toBeGreaterThan(total / 4); // the property is not vacuous
  });
});

describe('missing and blank fields from bytes', () => {
  const cellText = fc.oneof(
    fc.constantFrom('', 'NA', 'n/a', '#N/A', 'nan', 'NULL', '-', ' - ', '#na', 'None', '#VALUE!', '#DIV/0!', '  na  ', '        na', '\u00a0NA', '\u3000\u3000\u3000na', 'North', '-5', 'né'),
    fc.string({ maxLength: 10 }),
    fc.stringMatching(/^[ \t\u00a0\u3000nNa#/\-0-9]{0,9}$/),
  );

  it('mayBeMissing is false only where isMissingText is false', () => {
    fc.assert(
      fc.property(cellText, (text) => {
        const b = bytesOf(text);
        if (!mayBeMissing(b, 1, b.length - 1)) expect(isMissingText(text), JSON.stringify(text)).toBe(false);
      }),
      { numRuns: 20_000, seed: 11 },
    );
  });

  it('isBlankBytes agrees with trim() when it decides', () => {
    fc.assert(
      fc.property(cellText, (text) => {
        const b = bytesOf(text);
        const blank = isBlankBytes(b, 1, b.length - 1);
        if (blank !== undefined) expect(blank, JSON.stringify(text)).toBe(text.trim() === '');
      }),
      { numRuns: 20_000, seed: 13 },
    );
  });
});
