import { nestingExceeds } from './json-nesting';

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('nestingExceeds', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(nestingExceeds(nested(32), 32)).toBe(false);
    expect(nestingExceeds(nested(33), 32)).toBe(true);
    expect(nestingExceeds(`{"a":${nested(31)}}`, 32)).toBe(false);
    expect(nestingExceeds(`{"a":{"b":${nested(31)}}}`, 32)).toBe(true);
  });

  it('counts depth, not the number of arrays and objects', () => {
    expect(nestingExceeds(`[${Array(100).fill('[{}]').join(',')}]`, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestingExceeds(`{"a":"${'['.repeat(50)}"}`, 2)).toBe(false);
    expect(nestingExceeds(`{"a":"\\"${'['.repeat(50)}"}`, 2)).toBe(false);
    expect(nestingExceeds(`{"a\\\\":${nested(5)}}`, 3)).toBe(true);
  });

  it('reads a 6,000-deep payload without recursion', () => {
    expect(nestingExceeds(`{"payload":${nested(6_000)}}`, 32)).toBe(true);
  });
});
