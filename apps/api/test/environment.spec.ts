import { apiEnvironmentSchema, loadApiEnvironment } from '../src/platform/config/api-environment';

// `FOO=` in a .env file or a manifest means "unset": the default applies, never 0 or ''.
describe('api environment with blank variables', () => {
  const variables = Object.keys(apiEnvironmentSchema.shape);

  it('reads every blank variable as unset', () => {
    const blank = Object.fromEntries(variables.map((name) => [name, '']));
    expect(loadApiEnvironment(blank)).toEqual(loadApiEnvironment({}));
  });

  it.each(variables)('reads %s= as unset', (name) => {
    expect(loadApiEnvironment({ [name]: '' })).toEqual(loadApiEnvironment({}));
  });
});
