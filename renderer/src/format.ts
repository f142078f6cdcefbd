// Number formatting for dense tables: short, aligned, and honest about missing values.
export function fmt(value: number | null | undefined, digits = 4): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-4) return value.toExponential(2);
  return Number(value.toPrecision(digits)).toString();
}

export function fmtPercent(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${((100 * part) / whole).toFixed(part === whole || part === 0 ? 0 : 1)}%`;
}

export function fmtTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The delimiter as a person would name it. */
export function describeDelimiter(delimiter: string | undefined): string {
  if (delimiter === undefined) return '—';
  if (delimiter === '\t') return 'tab';
  if (delimiter === ',') return 'comma ( , )';
  if (delimiter === ';') return 'semicolon ( ; )';
  if (delimiter === '|') return 'pipe ( | )';
  if (delimiter === ' ') return 'space';
  return JSON.stringify(delimiter);
}
