import {
  loadWorkerEnvironment,
  workerEnvironmentSchema,
} from '../src/platform/config/worker-environment';

// `FOO=` in a .env file or a manifest means "unset": the default applies, never 0 or ''.
describe('worker environment with blank variables', () => {
  const variables = Object.keys(workerEnvironmentSchema.shape);

  it('reads every blank variable as unset', () => {
    const blank = Object.fromEntries(variables.map((name) => [name, '']));
    expect(loadWorkerEnvironment(blank)).toEqual(loadWorkerEnvironment({}));
  });

  it.each(variables)('reads %s= as unset', (name) => {
    expect(loadWorkerEnvironment({ [name]: '' })).toEqual(loadWorkerEnvironment({}));
  });

  it('still requires WORKER_API_KEY in production when it is blank', () => {
    expect(() => loadWorkerEnvironment({ NODE_ENV: 'production', WORKER_API_KEY: '' })).toThrow(
      /WORKER_API_KEY: is required when NODE_ENV=production/,
    );
  });
});
