/** One line of a chart over the last hour: a value per minute, null where nothing was measured. */
export interface ChartSeries {
  name: string;
  values: ReadonlyArray<number | null>;
}

/** How a chart writes its values: a unit and a precision for people. */
export type ValueFormat = 'perSecond' | 'milliseconds' | 'ratio' | 'count';

export function formatValue(value: number | null | undefined, format: ValueFormat): string {
  if (value === null || value === undefined) return '—';
  switch (format) {
    case 'perSecond':
      return `${value < 10 ? value.toFixed(2) : value.toFixed(1)}/s`;
    case 'milliseconds':
      return value < 10 ? `${value.toFixed(2)} ms` : `${Math.round(value)} ms`;
    case 'ratio':
      return `${(value * 100).toFixed(1)} %`;
    case 'count':
      return Number.isInteger(value) ? String(value) : value.toFixed(1);
  }
}

/** `12:34` (UTC) for a minute's start, as the pages show times. */
export function minuteLabel(iso: string): string {
  return iso.slice(11, 16);
}

/** The latest value a series has, from its newest minute back. */
export function latestOf(values: ReadonlyArray<number | null>): number | null {
  for (let index = values.length - 1; index >= 0; index -= 1) {
    if (values[index] !== null) return values[index];
  }
  return null;
}

/** The series colours, from the stylesheet, so that they follow the theme. */
export const SERIES_COLOURS = [
  'var(--accent)',
  'var(--chart-2)',
  'var(--chart-3)',
  'var(--chart-4)',
  'var(--chart-5)',
];
