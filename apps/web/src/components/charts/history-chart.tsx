'use client';

import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import {
  type ChartSeries,
  formatValue,
  minuteLabel,
  SERIES_COLOURS,
  type ValueFormat,
} from './chart-series';

/**
 * A chart of the last hour, one point per minute, with its numbers in a table beneath it (for
 * those who cannot see the chart, and for exact values).
 */
export function HistoryChart({
  title,
  minutes,
  series,
  format,
}: {
  title: string;
  minutes: readonly string[];
  series: readonly ChartSeries[];
  format: ValueFormat;
}) {
  const data = minutes.map((minute, index) => ({
    minute: minuteLabel(minute),
    ...Object.fromEntries(series.map(({ name, values }) => [name, values[index]])),
  }));
  const measured = minutes
    .map((minute, index) => ({ minute, index }))
    .filter(({ index }) =>
      series.some(({ values }) => values[index] !== null && values[index] !== 0),
    );
  return (
    <figure className="history-chart">
      <figcaption>
        <h3>{title}</h3>
      </figcaption>
      <LineChart responsive style={{ width: '100%', height: 220 }} data={data} desc={title}>
        <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
        <XAxis dataKey="minute" stroke="var(--muted)" interval={9} fontSize={12} />
        <YAxis
          stroke="var(--muted)"
          fontSize={12}
          width={76}
          tickFormatter={(value: number) => formatValue(value, format)}
        />
        <Tooltip
          formatter={(value) => formatValue(typeof value === 'number' ? value : null, format)}
          contentStyle={{ background: 'var(--bg)', borderColor: 'var(--border)' }}
        />
        <Legend />
        {series.map(({ name }, index) => (
          <Line
            key={name}
            type="monotone"
            dataKey={name}
            stroke={SERIES_COLOURS[index % SERIES_COLOURS.length]}
            strokeWidth={2}
            // A minute measured alone between empty ones has no line to draw: its dot shows it.
            dot={{ r: 2 }}
            isAnimationActive={false}
            connectNulls
          />
        ))}
      </LineChart>
      <details className="chart-numbers">
        <summary>
          The numbers ({measured.length} {measured.length === 1 ? 'minute' : 'minutes'} with any)
        </summary>
        <div
          className="table-scroll"
          role="region"
          aria-label={`${title}: the numbers`}
          tabIndex={0}
        >
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">Minute (UTC)</th>
                {series.map(({ name }) => (
                  <th key={name} scope="col" className="numeric">
                    {name}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {measured.map(({ minute, index }) => (
                <tr key={minute}>
                  <th scope="row">
                    <time dateTime={minute}>{minuteLabel(minute)}</time>
                  </th>
                  {series.map(({ name, values }) => (
                    <td key={name} className="numeric">
                      {formatValue(values[index], format)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
