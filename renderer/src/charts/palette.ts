// Line colours that stay tell-apart-able past ten series: Okabe–Ito and Tableau first (colour-blind
// aware), then hues spaced by the golden angle with alternating lightness, plus a dash pattern per
// round of colours so two lines never look the same even with 40 features.
const BASE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#8a5cd1', '#b8860b', '#4e79a7', '#e15759'];
const DASHES: (number[] | undefined)[] = [undefined, [6, 3], [2, 2], [8, 3, 2, 3]];

export function seriesColour(i: number): string {
  if (i < BASE.length) return BASE[i] as string;
  const k = i - BASE.length;
  const hue = Math.round((k * 137.508 + 20) % 360);
  const light = k % 2 === 0 ? 42 : 55;
  return `hsl(${hue} 70% ${light}%)`;
}

export function seriesDash(i: number): number[] | undefined {
  return DASHES[Math.floor(i / BASE.length) % DASHES.length];
}
