import { histogramQuantile } from './histogram-quantile';

const buckets = (counts: Array<[number, number]>) => counts.map(([le, count]) => ({ le, count }));

describe('histogramQuantile', () => {
  it('interpolates within the bucket the rank falls in, as PromQL does', () => {
    // 10 observations: 4 up to 0.1, 8 up to 0.5, all 10 up to 1.
    const observed = buckets([
      [0.1, 4],
      [0.5, 8],
      [1, 10],
      [Number.POSITIVE_INFINITY, 10],
    ]);
    expect(histogramQuantile(0.5, observed)).toBeCloseTo(0.1 + 0.4 * (1 / 4));
    expect(histogramQuantile(0.2, observed)).toBeCloseTo(0.05);
    expect(histogramQuantile(0.99, observed)).toBeCloseTo(0.5 + 0.5 * (1.9 / 2));
  });

  it('answers the highest finite bound when the rank falls in +Inf, and null without observations', () => {
    expect(
      histogramQuantile(
        0.99,
        buckets([
          [1, 1],
          [Number.POSITIVE_INFINITY, 10],
        ]),
      ),
    ).toBe(1);
    expect(histogramQuantile(0.5, buckets([[Number.POSITIVE_INFINITY, 0]]))).toBeNull();
    expect(histogramQuantile(0.5, [])).toBeNull();
  });
});
