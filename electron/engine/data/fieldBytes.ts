// Reading a delimited field straight from its UTF-8 bytes in the common cases: a plain decimal
// number, a cell that cannot be a missing marker, a blank cell. Each function only answers when the
// bytes decide; otherwise the caller decodes the field and applies the string rules in cells.ts, so
// both paths give the same value by construction.

import type { NumberNotation } from './cells';

const POW10 = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/** 2^53: every integer below it is an exact double. */
const MAX_EXACT = 2 ** 53;
const PLUS = 43;
const MINUS = 45;
const HASH = 35;

/** Where readPlainNumber leaves the number it read (an object field: no allocation per call). */
export const plain = { value: NaN };

/**
 * Reads `[+-]digits[<decimal>digits][e[+-]digits]` from b[start] on, stopping at the first byte
 * that cannot continue it (or at `limit`), and returns where it stopped. When its digits make an
 * integer below 2^53 and the net power of ten is within ±22 its value is in `plain.value`;
 * otherwise the return is -(stop + 1): "not decided here".
 * In that range an integer mantissa and a power of ten are both exact doubles, so one division or
 * multiplication is correctly rounded — the same double `Number(text)` gives (Clinger's fast path).
 */
export function readPlainNumber(b: Uint8Array, start: number, limit: number, decimal: number): number {
  let i = start;
  let negative = false;
  if (i < limit && (b[i] === MINUS || b[i] === PLUS)) {
    negative = b[i] === MINUS;
    i++;
  }
  // Every digit goes into the mantissa; leading zeros add nothing. While the true mantissa is
  // below 2^53 every step is exact; once it reaches 2^53 the double does too (rounding is
  // monotonic) and stays there, so one check at the end suffices.
  let mantissa = 0;
  const intStart = i;
  for (; i < limit; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
  }
  let digits = i - intStart;
  let fraction = 0;
  if (i < limit && b[i] === decimal) {
    const fractionStart = ++i;
    for (; i < limit; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
    }
    fraction = i - fractionStart;
    digits += fraction;
  }
  if (digits === 0 || mantissa >= MAX_EXACT) return -i - 1;
  let exponent = 0;
  if (i < limit && (b[i] === 101 || b[i] === 69)) {
    i++;
    let negativeExponent = false;
    if (i < limit && (b[i] === MINUS || b[i] === PLUS)) {
      negativeExponent = b[i] === MINUS;
      i++;
    }
    const from = i;
    for (; i < limit && i - from < 4; i++) {
      const d = b[i]! - 48;
      if (d < 0 || d > 9) break;
      exponent = exponent * 10 + d;
    }
    if (i === from) return -i - 1;
    if (negativeExponent) exponent = -exponent;
  }
  const power = exponent - fraction;
  let value: number;
  if (mantissa === 0) value = 0;
  else if (power === 0) value = mantissa;
  else if (power > 0 && power <= 22) value = mantissa * POW10[power]!;
  else if (power < 0 && power >= -22) value = mantissa / POW10[-power]!;
  else return -i - 1;
  plain.value = negative ? -value : value;
  return i;
}

/**
 * The byte of the decimal separator in which plain numbers may be read from bytes, or -1: the
 * byte path reads "1234.5" (or "1234,5") only where cells.ts would read it the same way.
 */
export function plainDecimalOf(notation: NumberNotation): number {
  return notation.thousands === notation.decimal ? -1 : notation.decimal.charCodeAt(0);
}

/** The number the whole field b[start, end) holds when readPlainNumber decides it; NaN otherwise. */
export function plainNumberBytes(b: Uint8Array, start: number, end: number, decimal: number): number {
  return start < end && readPlainNumber(b, start, end, decimal) === end ? plain.value : NaN;
}

/**
 * False when the field's first bytes rule out every missing marker (see cells.ts: '', na, n/a,
 * #n/a, nan, null, none, -, #value!, #div/0!), so the common cell needs no string to decide.
 */
export function mayBeMissing(b: Uint8Array, start: number, end: number): boolean {
  if (start === end) return true;
  const c = b[start]!;
  if (c === 110 || c === 78 || c === HASH) return end - start <= 21; // 7 characters, at most 3 bytes each
  if (c === MINUS) {
    if (end - start === 1) return true;
    const next = b[start + 1]!;
    return next <= 32 || next >= 128;
  }
  // Whitespace could be trimmed away; a non-ASCII first byte could be Unicode whitespace.
  return (c <= 32 || c >= 128) && end - start <= 21;
}

/** True/false when the bytes decide whether the field trims to nothing; undefined for non-ASCII. */
export function isBlankBytes(b: Uint8Array, start: number, end: number): boolean | undefined {
  for (let i = start; i < end; i++) {
    const c = b[i]!;
    if (c === 32 || (c >= 9 && c <= 13)) continue;
    return c >= 128 ? undefined : false;
  }
  return true;
}
