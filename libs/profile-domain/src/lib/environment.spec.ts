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
