import type { IncomingMessage } from 'node:http';
import { pino } from 'pino';
import { PinoNestLogger } from './nest-logger';
import { requestFields } from './request-fields';
import { RequestLogger } from './request-logger';

/** A root logger like the services' (its `req` serializer included) writing to an array. */
function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { base: undefined, timestamp: false, serializers: { req: requestFields } },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

const raw = {
  method: 'PATCH',
  url: '/api/v1/profiles/1?email=someone@example.org',
} as IncomingMessage;

describe('request.log (RequestLogger)', () => {
  it('writes a request line with its id, method and path, never its query string', () => {
    const { logger, lines } = memoryLogger();
    const log = RequestLogger.factory(logger, { reqId: 'req-1' }, {}, raw);

    log.warn({ detail: 1 }, 'something about the request');

    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'something about the request',
        detail: 1,
        req: { id: 'req-1', method: 'PATCH', path: '/api/v1/profiles/1' },
      }),
    ]);
  });

  it('makes its child logger on the first line only', () => {
    const { logger } = memoryLogger();
    const child = jest.spyOn(logger, 'child');
    const log = RequestLogger.factory(logger, { reqId: 'req-2' }, {}, raw);
    expect(child).not.toHaveBeenCalled();

    log.info('one');
    log.error('two');

    expect(child).toHaveBeenCalledTimes(1);
  });
});

describe("Nest's Logger on pino (PinoNestLogger)", () => {
  it('writes the context, merges an object first and takes the string after it as the message', () => {
    const { logger, lines } = memoryLogger();
    const nest = new PinoNestLogger(logger);

    nest.log('listening on port 1', 'Bootstrap');
    nest.error({ errorId: 'e-1' }, 'answered 500', 'ProblemFilter');

    expect(lines).toEqual([
      expect.objectContaining({ level: 30, context: 'Bootstrap', msg: 'listening on port 1' }),
      expect.objectContaining({
        level: 50,
        context: 'ProblemFilter',
        errorId: 'e-1',
        msg: 'answered 500',
      }),
    ]);
  });

  it('keeps the stack Nest passes with an error message', () => {
    const { logger, lines } = memoryLogger();

    new PinoNestLogger(logger).error('boom', 'Error: boom\n    at somewhere (file.ts:1:1)', 'Ctx');

    expect(lines[0]).toMatchObject({
      context: 'Ctx',
      msg: 'boom',
      err: { message: 'boom', stack: expect.stringContaining('at somewhere') },
    });
  });
});
