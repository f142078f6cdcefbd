// Chart text and grid colours follow the page's light or dark theme (CSS variables), read when the
// app starts and again when the system switches; charts drawn after that use them.
import { Chart } from 'chart.js';

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function applyChartTheme(): void {
  Chart.defaults.color = cssVar('--muted', '#5f6b7a');
  Chart.defaults.borderColor = cssVar('--grid-line', '#edf0f3');
}

export function followSystemTheme(): void {
  applyChartTheme();
  window.matchMedia?.('(prefers-color-scheme: dark)').addEventListener('change', () => {
    applyChartTheme();
    for (const chart of Object.values(Chart.instances)) chart.update('none');
  });
}
