import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One series of the chart. */
export interface Series {
  label: string;
  /** y values aligned with the x array, seconds; null = gap. */
  values: (number | null)[];
  color: string;
}

/**
 * A uPlot chart of stacked series over time (x in seconds since the epoch). Stacking is done here
 * by summing series in order: uPlot draws each filled band down to the previous one.
 */
export function StackedChart(props: { x: number[]; series: Series[]; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || props.x.length === 0) return;
    const stacked: (number | null)[][] = [];
    props.series.forEach((s, i) => {
      stacked.push(s.values.map((v, j) => (v === null ? null : v + (i > 0 ? (stacked[i - 1]![j] ?? 0) : 0))));
    });
    const data = [props.x, ...stacked] as uPlot.AlignedData;
    const css = getComputedStyle(document.documentElement);
    const fg = css.getPropertyValue('--muted').trim() || '#555';
    const opts: uPlot.Options = {
      title: props.title,
      width: el.clientWidth || 600,
      height: 300,
      axes: [
        { stroke: fg, grid: { stroke: 'rgba(128,128,128,0.2)' } },
        { stroke: fg, label: 'seconds', grid: { stroke: 'rgba(128,128,128,0.2)' } },
      ],
      series: [
        {},
        ...props.series.map((s, i) => ({
          label: s.label,
          stroke: s.color,
          fill: s.color + '55',
          width: 1,
          spanGaps: false,
          band: i > 0,
        })),
      ],
      bands: props.series.slice(1).map((_, i) => ({ series: [i + 2, i + 1] as [number, number] })),
    };
    const plot = new uPlot(opts, data, el);
    const resize = () => plot.setSize({ width: el.clientWidth || 600, height: 300 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      plot.destroy();
    };
  }, [props.x, props.series, props.title]);
  return <div class="chart" ref={box} role="img" aria-label={props.title} data-points={props.x.length} />;
}
