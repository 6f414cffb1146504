/** One bucket of a histogram: how many observations were at most `le`. */
export interface CumulativeBucket {
  le: number;
  count: number;
}

/**
 * The `q`-quantile of observations in cumulative buckets (the last one +Inf), as PromQL's
 * histogram_quantile estimates it: linearly within the bucket it falls in, from 0 for the first
 * bucket, and the highest finite bound when it falls in +Inf. Null without observations.
 */
export function histogramQuantile(q: number, buckets: readonly CumulativeBucket[]): number | null {
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lower = { le: 0, count: 0 };
  for (const bucket of sorted) {
    if (bucket.count >= rank) {
      if (bucket.le === Number.POSITIVE_INFINITY) return lower.le;
      if (bucket.count === lower.count) return bucket.le;
      return (
        lower.le + (bucket.le - lower.le) * ((rank - lower.count) / (bucket.count - lower.count))
      );
    }
    lower = bucket;
  }
  return lower.le;
}
