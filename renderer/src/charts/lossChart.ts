// What every loss-per-epoch chart shares: chart.js created on mount and destroyed on unmount, and
// a log-scale switch (losses often fall by orders of magnitude; a log axis shows the tail).
import { Chart, type ChartConfiguration, type ChartOptions } from 'chart.js';
import { onBeforeUnmount, onMounted, ref, shallowRef, watch, type Ref } from 'vue';

export type Point = { x: number; y: number | null };
export type LossChart = Chart<'line', Point[]>;

export function useLossChart(canvas: Ref<HTMLCanvasElement | null>, config: () => ChartConfiguration<'line', Point[]>) {
  const chart = shallowRef<LossChart | null>(null);
  const logScale = ref(false);

  onMounted(() => {
    if (canvas.value) chart.value = new Chart<'line', Point[]>(canvas.value, config());
  });

  watch(logScale, (log) => {
    const c = chart.value;
    if (!c?.options.scales?.y) return;
    c.options.scales.y.type = log ? 'logarithmic' : 'linear';
    c.update('none');
  });

  onBeforeUnmount(() => {
    chart.value?.destroy();
    chart.value = null;
  });

  return { chart, logScale };
}

/** Loss against epoch: fixed axes, no animation (curves update many times a second). */
export function lossChartOptions(xTitle: string, legend: ChartOptions<'line'>['plugins']): ChartOptions<'line'> {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', axis: 'x', intersect: false },
    plugins: legend ?? {},
    scales: {
      x: {
        type: 'linear',
        bounds: 'data',
        title: { display: true, text: xTitle, font: { size: 11 } },
        // Whole epochs/iterations only. Chart.js's own label for a one-point axis (min = max) printed
        // "1.00000000000000000000"; the formatter shows the integer and hides anything between.
        ticks: { maxTicksLimit: 10, precision: 0, font: { size: 11 }, callback: epochTick },
        grid: { display: false },
      },
      y: { type: 'linear', title: { display: true, text: 'Loss', font: { size: 11 } }, ticks: { font: { size: 11 } } },
    },
  };
}

/** An x-axis label: a whole epoch or iteration as a number, nothing for a fractional tick. */
export function epochTick(value: string | number): string {
  const n = Number(value);
  return Number.isInteger(n) ? n.toLocaleString('en') : '';
}

/** A fast solver may log only a few points: draw them as dots so they are seen. */
export function pointRadiusFor(points: number): number {
  return points < 30 ? 3 : 0;
}
