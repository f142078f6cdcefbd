// Guessing how a delimited file is written: which character separates fields, and how numbers
// are written (decimal point or comma, thousands groups). Both are judged on a sample and can
// be overridden by the analyst.
import type { NumberNotation } from './cells';
import { CsvSyntaxError, splitRecords } from './csvTokenizer';

export const DELIMITERS = [',', ';', '\t', '|'] as const;

/**
 * The delimiter that splits the sample's records into the most consistent number of fields (more
 * than one). Title lines above the header lower every candidate alike. On a tie, tab/semicolon/pipe
 * win over comma: a comma also appears inside decimal-comma numbers.
 */
export function detectDelimiter(sample: string): string {
  // Only whole lines: the sample was cut at an arbitrary byte.
  const cut = sample.lastIndexOf('\n');
  const text = cut > 0 ? sample.slice(0, cut + 1) : sample;
  let best = ',';
  let bestScore = 0;
  for (const delimiter of ['\t', ';', '|', ','] as const) {
    const counts: number[] = [];
    try {
      splitRecords(text, delimiter, (fields) => {
        if (fields.length > 1 || fields[0] !== '') counts.push(fields.length);
      });
    } catch (err) {
      if (!(err instanceof CsvSyntaxError)) throw err;
      continue; // quoting that breaks under this delimiter counts against it
    }
    const score = consistency(counts);
    if (score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

/** Share of records having the most common field count, weighted so one-field splits score 0. */
function consistency(counts: number[]): number {
  if (counts.length === 0) return 0;
  const freq = new Map<number, number>();
  for (const c of counts) freq.set(c, (freq.get(c) ?? 0) + 1);
  let mode = 1;
  let modeFreq = 0;
  for (const [count, f] of freq) {
    if (f > modeFreq || (f === modeFreq && count > mode)) {
      mode = count;
      modeFreq = f;
    }
  }
  if (mode < 2) return 0;
  return modeFreq / counts.length + Math.min(mode, 100) * 1e-6;
}

const COMMA_GROUPED = /^[-+(]?[$€£]?\d{1,3}(,\d{3})+(\.\d+)?%?\)?$/;
const DOT_GROUPED = /^[-+(]?\d{1,3}(\.\d{3})+(,\d+)?\s?[%€]?\)?$/;
const SPACE_GROUPED = /^[-+]?\d{1,3}([ \u00a0\u202f]\d{3})+(,\d+)?\s?[%€]?$/;
const COMMA_DECIMAL = /^[-+(]?[$€£]?\d*,\d+\s?[%€]?\)?$/;
const DOT_DECIMAL = /^[-+(]?[$€£]?\d*\.\d+%?\)?$/;

/**
 * Decimal and thousands separators from the sample's number-like texts. "1,5" and "1.234,56"
 * vote for a decimal comma; "1.5" and "1,234.56" for a point. "1,234" and "1.234" alone are
 * ambiguous and vote only for grouping.
 */
export function detectNotation(texts: Iterable<string>): NumberNotation {
  let commaDecimal = 0;
  let dotDecimal = 0;
  let commaGroups = 0;
  let dotGroups = 0;
  let spaceGroups = 0;
  for (const raw of texts) {
    const t = raw.trim();
    if (t.length === 0 || t.length > 30 || !/\d/.test(t)) continue;
    if (SPACE_GROUPED.test(t)) {
      spaceGroups++;
      if (t.includes(',')) commaDecimal++;
    } else if (DOT_GROUPED.test(t)) {
      dotGroups++;
      if (t.includes(',') || /\.\d{3}\.\d{3}/.test(t)) commaDecimal++;
    } else if (COMMA_GROUPED.test(t)) {
      commaGroups++;
      if (t.includes('.') || /,\d{3},\d{3}/.test(t)) dotDecimal++;
    } else if (COMMA_DECIMAL.test(t)) {
      // Three digits after a lone comma could be a thousands group; only other lengths decide.
      if (!/^\D*\d{1,3},\d{3}\D*$/.test(t)) commaDecimal++;
    } else if (DOT_DECIMAL.test(t)) {
      if (!/^\D*\d{1,3}\.\d{3}\D*$/.test(t)) dotDecimal++;
    }
  }
  if (commaDecimal > dotDecimal) {
    return { decimal: ',', thousands: spaceGroups > dotGroups ? ' ' : dotGroups > 0 ? '.' : '' };
  }
  if (dotDecimal === 0 && commaDecimal === 0 && dotGroups > commaGroups) return { decimal: ',', thousands: '.' };
  return { decimal: '.', thousands: commaGroups > 0 ? ',' : '' };
}
