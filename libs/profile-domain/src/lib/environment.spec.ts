import { z } from 'zod';
import { env, EnvironmentError, parseEnvironment } from './environment';

const schema = z.object({ PORT: env.port(8080), NAME: z.string().min(2) });

describe('parseEnvironment', () => {
  it('returns typed values with defaults', () => {
    expect(parseEnvironment(schema, { NAME: 'api' })).toEqual({ PORT: 8080, NAME: 'api' });
  });

  it('names every bad variable and the value it got', () => {
    let caught: unknown;
    try {
      parseEnvironment(schema, { PORT: 'x', NAME: 'a' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentError);
    const { problems } = caught as EnvironmentError;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^PORT: .*\(got "x"\)$/);
    expect(problems[1]).toMatch(/^NAME: /);
  });

  it('names a missing required variable', () => {
    expect(() => parseEnvironment(schema, {})).toThrow(/NAME: /);
  });
});

describe('a blank variable', () => {
  const fields = z.object({
    PORT: env.port(8080),
    COUNT: env.integer(7, 1, 100),
    URL: env.url(['http:'], 'http://localhost:1'),
    LOG_LEVEL: env.logLevel(),
    NODE_ENV: env.nodeEnv(),
    NAME: z.string().default('fallback'),
    OPTIONAL: z.string().min(3).optional(),
  });
  const defaults = parseEnvironment(fields, {});

  it.each(['', ' ', '\t'])(
    'counts as unset in parseEnvironment (%j): every default applies',
    (blank) => {
      const everyVariableBlank = Object.fromEntries(
        Object.keys(fields.shape).map((name) => [name, blank]),
      );
      expect(parseEnvironment(fields, everyVariableBlank)).toEqual(defaults);
    },
  );

  it('counts as unset in the field builders used on their own', () => {
    expect(env.port(8080).parse('')).toBe(8080);
    expect(env.integer(7, 1).parse(' ')).toBe(7);
    expect(env.url(['http:'], 'http://localhost:1').parse('')).toBe('http://localhost:1');
    expect(env.logLevel().parse('')).toBe('info');
    expect(env.nodeEnv().parse('')).toBe('development');
  });

  it('is reported missing when the variable is required', () => {
    expect(() => parseEnvironment(schema, { NAME: '' })).toThrow(/^ {2}- NAME: /m);
  });

  it('is not confused with 0, which stays a value of its own', () => {
    expect(() => parseEnvironment(schema, { PORT: '0', NAME: 'api' })).toThrow(/PORT: /);
  });
});
