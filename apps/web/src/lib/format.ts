/**
 * Formatting for server-rendered pages. Everything is computed from explicit inputs (UTC, a given
 * `now`) so that the server's HTML and the browser's hydration always agree.
 */

/** `2026-11-01 12:34:56 UTC` */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** A span of time in the two largest units: `2 d 3 h`, `4 min 10 s`, `12 s`, `0 s`. */
export function formatSpan(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const units: Array<[string, number]> = [
    ['d', Math.floor(seconds / 86_400)],
    ['h', Math.floor(seconds / 3_600) % 24],
    ['min', Math.floor(seconds / 60) % 60],
    ['s', seconds % 60],
  ];
  const first = units.findIndex(([, value]) => value > 0);
  if (first < 0) return '0 s';
  return units
    .slice(first, first + 2)
    .filter(([, value]) => value > 0)
    .map(([unit, value]) => `${value} ${unit}`)
    .join(' ');
}

/** `in 4 s`, `3 min ago`, or `now` within a second. */
export function formatRelative(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const difference = Date.parse(iso) - now;
  if (Number.isNaN(difference)) return iso;
  if (Math.abs(difference) < 1000) return 'now';
  return difference > 0 ? `in ${formatSpan(difference)}` : `${formatSpan(difference)} ago`;
}

/** Durations measured in milliseconds, with precision where it matters: `0.42 ms`, `12.3 ms`, `1.20 s`. */
export function formatMilliseconds(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 10) return `${ms.toFixed(1)} ms`;
  return `${ms.toFixed(2)} ms`;
}

/** The share of hits among lookups, or `—` before the first lookup. */
export function formatRatio(part: number, whole: number): string {
  if (whole <= 0) return '—';
  return `${((part / whole) * 100).toFixed(1)} %`;
}

/** A short form of a UUID for tables; the full id stays in links and titles. */
export function shortId(id: string): string {
  return id.slice(0, 8);
}
