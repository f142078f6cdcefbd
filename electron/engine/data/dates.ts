// Date cells as text: ISO (2024-03-31, 2024-03-31 14:05:00, 2024-03-31T14:05Z) and the local
// forms 31/03/2024, 03/31/2024, 31.03.2024. Dates are kept as UTC epoch milliseconds: the file
// carries no time zone, so reading it as UTC keeps the wall-clock values the analyst typed.

export type DayOrder = 'dmy' | 'mdy';

const ISO = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?(Z)?$/;
const LOCAL = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** Epoch ms for a date text, or NaN when the text is not a date (or names a day that does not exist). */
export function parseDateText(raw: string, order: DayOrder): number {
  const text = raw.trim();
  if (text.length < 8 || text.length > 30) return NaN;
  let m = ISO.exec(text);
  if (m) return utc(+m[1]!, +m[2]!, +m[3]!, +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0));
  m = LOCAL.exec(text);
  if (!m) return NaN;
  const a = +m[1]!;
  const b = +m[3]!;
  // A dot always means day first (31.03.2024); slashes follow the column's detected order.
  const [day, month] = m[2] === '.' || order === 'dmy' ? [a, b] : [b, a];
  return utc(+m[4]!, month, day, +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0), 0);
}

function utc(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number): number {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return NaN;
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls 31 April into 1 May; such a cell is not a date.
  return new Date(t).getUTCDate() === d ? t : NaN;
}

/**
 * Whether slashed dates in these sample texts put the day first. A part above 12 decides; when
 * none does, files with a decimal comma are European (day first), others month first.
 */
export function detectDayOrder(samples: readonly string[], decimal: '.' | ','): DayOrder {
  for (const raw of samples) {
    const m = LOCAL.exec(raw.trim());
    if (!m) continue;
    if (+m[1]! > 12) return 'dmy';
    if (+m[3]! > 12) return 'mdy';
  }
  return decimal === ',' ? 'dmy' : 'mdy';
}

/** How a date cell is shown: the day alone when it has no time of day. */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? iso.slice(0, 19).replace('T', ' ') : iso.slice(0, 23).replace('T', ' ');
}
