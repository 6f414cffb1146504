/** One metric of a Server-Timing header (RFC: W3C Server Timing), e.g. `db;dur=2.5;desc="PostgreSQL"`. */
export interface ServerTimingMetric {
  name: string;
  durationMs?: number;
  description?: string;
}

/** Parses a Server-Timing header; malformed metrics are skipped rather than guessed at. */
export function parseServerTiming(header: string | null): ServerTimingMetric[] {
  if (!header) return [];
  return header.split(',').flatMap((entry): ServerTimingMetric[] => {
    const [name, ...parameters] = entry.split(';').map((part) => part.trim());
    if (!name || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return [];
    const metric: ServerTimingMetric = { name };
    for (const parameter of parameters) {
      const separator = parameter.indexOf('=');
      if (separator < 0) continue;
      const key = parameter.slice(0, separator).trim().toLowerCase();
      const value = parameter
        .slice(separator + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (key === 'dur' && Number.isFinite(Number(value))) metric.durationMs = Number(value);
      if (key === 'desc') metric.description = value;
    }
    return [metric];
  });
}
