import { EnvironmentError, parseEnvironment } from '@profile/profile-domain';
import { webEnvironmentSchema } from './web-environment';

const SECRET = 'a'.repeat(32);

describe('web environment', () => {
  it('defaults to port 3000, the local api and a development session secret', () => {
    const environment = parseEnvironment(webEnvironmentSchema, {});
    expect(environment).toMatchObject({ PORT: 3000, API_URL: 'http://127.0.0.1:30080' });
    expect(environment.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it('uses the session secret it is given', () => {
    expect(
      parseEnvironment(webEnvironmentSchema, { NODE_ENV: 'production', SESSION_SECRET: SECRET })
        .SESSION_SECRET,
    ).toBe(SECRET);
  });

  it('requires a session secret in production, without a default', () => {
    const parse = () => parseEnvironment(webEnvironmentSchema, { NODE_ENV: 'production' });
    expect(parse).toThrow(EnvironmentError);
    expect(parse).toThrow(/^ {2}- SESSION_SECRET: is required when NODE_ENV=production/m);
  });

  it.each([
    ['API_URL', 'ftp://example.test'],
    ['PORT', 'abc'],
    ['SESSION_SECRET', 'too-short'],
  ])('rejects %s=%s naming the variable', (variable, value) => {
    const parse = () => parseEnvironment(webEnvironmentSchema, { [variable]: value });
    expect(parse).toThrow(EnvironmentError);
    expect(parse).toThrow(new RegExp(`^  - ${variable}: `, 'm'));
  });

  it('never repeats the session secret in its message', () => {
    const parse = () => parseEnvironment(webEnvironmentSchema, { SESSION_SECRET: 'short-secret' });
    expect(parse).toThrow(EnvironmentError);
    expect(parse).not.toThrow(/short-secret/);
  });

  // `FOO=` in a .env file or a manifest means "unset": the default applies, never 0 or ''.
  it.each(Object.keys(webEnvironmentSchema.in.shape))('reads %s= as unset', (name) => {
    expect(parseEnvironment(webEnvironmentSchema, { [name]: '' })).toEqual(
      parseEnvironment(webEnvironmentSchema, {}),
    );
  });

  it('still requires a session secret in production when it is blank', () => {
    expect(() =>
      parseEnvironment(webEnvironmentSchema, { NODE_ENV: 'production', SESSION_SECRET: '' }),
    ).toThrow(/SESSION_SECRET: is required when NODE_ENV=production/);
  });
});
