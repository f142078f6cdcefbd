// Reading one cell's text as the analyst meant it: missing markers, numbers in the file's own
// notation (decimal comma, thousands groups, 12%, $1,200, (3.50) for negatives), yes/no values.
// Pure functions on strings so every format (CSV, workbook text cells, JSON) shares one meaning.

/** Cell texts that mean "no value" (compared trimmed, case-insensitively). */
const MISSING_MARKERS = new Set(['', 'na', 'n/a', '#n/a', 'nan', 'null', '-', '#na', 'none', '#value!', '#div/0!']);

export function isMissingText(text: string): boolean {
  // Fast paths: most cells are too long to be a marker, or start with a digit as no marker does.
  if (text.length > 7) return false;
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) return false;
  return MISSING_MARKERS.has(text.trim().toLowerCase());
}

export interface NumberNotation {
  decimal: '.' | ',';
  /** '' when the file groups no thousands. */
  thousands: '' | ',' | '.' | ' ' | "'";
}

export const DOT_NOTATION: NumberNotation = { decimal: '.', thousands: '' };

const CURRENCY = /^[$€£¥₹]|^(?:USD|EUR|GBP|CHF)\s?/;
const CURRENCY_SUFFIX = /\s?(?:[$€£¥₹]|USD|EUR|GBP|CHF)$/;

/**
 * The number a cell's text stands for, or NaN when it is not a number. Percent texts give the
 * fraction (12% → 0.12, as spreadsheets store them). Hex, "Infinity" and similar JS-isms are refused.
 */
export function parseNumberText(raw: string, notation: NumberNotation): number {
  if (notation.decimal === '.' && notation.thousands !== '.') {
    const plain = plainDecimal(raw);
    if (plain !== undefined) return plain;
  }
  let text = raw.trim();
  if (text === '') return NaN;
  let sign = 1;
  // Accounting negatives: (1,234.00)
  if (text.startsWith('(') && text.endsWith(')')) {
    sign = -1;
    text = text.slice(1, -1).trim();
  }
  if (text.startsWith('-') || text.startsWith('+')) {
    if (text.startsWith('-')) sign = -sign;
    text = text.slice(1).trim();
  }
  let scale = 1;
  if (text.endsWith('%')) {
    scale = 0.01;
    text = text.slice(0, -1).trim();
  }
  const currency = text.replace(CURRENCY, '').replace(CURRENCY_SUFFIX, '');
  if (currency !== text) {
    text = currency.trim();
    // "$-5" is written as well as "-$5".
    if (text.startsWith('-')) {
      sign = -sign;
      text = text.slice(1);
    }
  }
  const canonical = toCanonical(text, notation);
  if (canonical === undefined) return NaN;
  const value = Number(canonical);
  return Number.isFinite(value) ? sign * value * scale : NaN;
}

/** The common case, `-12.5e3`, without building intermediate strings. undefined = not plain. */
function plainDecimal(text: string): number | undefined {
  const n = text.length;
  if (n === 0 || n > 40) return undefined;
  let digits = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 /* . */ || c === 101 /* e */ || c === 69 /* E */) continue;
    else if ((c === 45 /* - */ || c === 43) /* + */) continue;
    else return undefined;
  }
  if (digits === 0) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Digits with the file's separators → a string JS `Number` reads, or undefined. */
function toCanonical(text: string, notation: NumberNotation): string | undefined {
  const { decimal, thousands } = notation;
  let intPart = text;
  let fracPart = '';
  let exp = '';
  const expMatch = /[eE][+-]?\d+$/.exec(text);
  if (expMatch) {
    exp = expMatch[0];
    intPart = text.slice(0, expMatch.index);
  }
  const at = intPart.lastIndexOf(decimal);
  if (at >= 0) {
    fracPart = intPart.slice(at + 1);
    intPart = intPart.slice(0, at);
    if (!/^\d*$/.test(fracPart)) return undefined;
  }
  if (thousands !== '' && intPart.includes(thousands)) {
    // Groups must be exactly three digits so "1,5" is never read as 15.
    const groups = intPart.split(thousands);
    const [head, ...rest] = groups;
    if (!head || !/^\d{1,3}$/.test(head) || !rest.every((g) => /^\d{3}$/.test(g))) return undefined;
    intPart = groups.join('');
  }
  if (!/^\d*$/.test(intPart) || (intPart === '' && fracPart === '')) return undefined;
  return `${intPart || '0'}.${fracPart || '0'}${exp}`;
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', 't', 'wahr', 'ja', 'oui', 'vrai']);
const FALSE_WORDS = new Set(['false', 'no', 'n', 'f', 'falsch', 'nein', 'non', 'faux']);

/** 1 / 0 for yes-no words, NaN otherwise. Plain 0/1 stay numbers (the analyst may mean counts). */
export function parseBooleanText(text: string): number {
  if (text.length > 6) return NaN;
  const word = text.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return 1;
  if (FALSE_WORDS.has(word)) return 0;
  return NaN;
}
