import type { IncomingMessage } from 'node:http';
import { requestIdFor } from './request-id';

const request = (header?: string | string[]) =>
  ({
    headers: header === undefined ? {} : { 'x-request-id': header },
  }) as unknown as IncomingMessage;

describe('requestIdFor', () => {
  it.each(['abc', 'trace-1.2:3_x', 'a'.repeat(128)])('echoes the sane id %s', (id) => {
    expect(requestIdFor(request(id))).toBe(id);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['with spaces', 'a b'],
    ['too long', 'a'.repeat(129)],
    ['with a newline', 'a\nb'],
    ['repeated', ['a', 'b']],
  ])('replaces a %s id with a UUID', (_case, header) => {
    expect(requestIdFor(request(header))).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });
});
