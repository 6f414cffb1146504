'use client';

import { Line, LineChart, YAxis } from 'recharts';
import { type ChartSeries, formatValue, latestOf, type ValueFormat } from './chart-series';

/**
 * A small line of the last hour beside a figure, with its latest value in words: an image to
 * assistive technology, which reads its label.
 */
export function Sparkline({ series, format }: { series: ChartSeries; format: ValueFormat }) {
  const data = series.values.map((value, index) => ({ index, value }));
  const latest = formatValue(latestOf(series.values), format);
  const peak = Math.max(0, ...series.values.map((value) => value ?? 0));
  return (
    <figure className="sparkline">
      <div
        role="img"
        aria-label={`${series.name}, per minute over the last hour: latest ${latest}, highest ${formatValue(peak, format)}`}
      >
        <LineChart width={140} height={36} data={data} accessibilityLayer={false}>
          <YAxis hide domain={[0, 'auto']} />
          <Line
            dataKey="value"
            stroke="var(--accent)"
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
        </LineChart>
      </div>
      <figcaption>
        <span className="muted">{series.name}</span> <strong>{latest}</strong>
      </figcaption>
    </figure>
  );
}
