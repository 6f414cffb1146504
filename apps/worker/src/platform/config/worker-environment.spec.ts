import { EnvironmentError } from '@profile/profile-domain';
import { loadWorkerEnvironment } from './worker-environment';

describe('worker environment', () => {
  it('listens on 30081 and reads the local api by default', () => {
    expect(loadWorkerEnvironment({})).toMatchObject({
      PORT: 30081,
      API_URL: 'http://127.0.0.1:30080',
      WORKER_PREFETCH: 32,
      PUBLISH_TIMEOUT_MS: 5_000,
    });
  });

  it.each([
    ['PORT', '0'],
    ['RABBITMQ_URL', 'redis://localhost'],
    ['SHUTDOWN_TIMEOUT_MS', 'soon'],
    ['API_URL', 'ftp://api'],
    ['WORKER_PREFETCH', '0'],
    ['PUBLISH_TIMEOUT_MS', '-1'],
  ])('rejects %s=%s naming the variable', (variable, value) => {
    expect(() => loadWorkerEnvironment({ [variable]: value })).toThrow(EnvironmentError);
    expect(() => loadWorkerEnvironment({ [variable]: value })).toThrow(
      new RegExp(`^  - ${variable}: `, 'm'),
    );
  });

  it('requires WORKER_API_KEY in production', () => {
    expect(() => loadWorkerEnvironment({ NODE_ENV: 'production' })).toThrow(
      /^ {2}- WORKER_API_KEY: is required when NODE_ENV=production$/m,
    );
    expect(
      loadWorkerEnvironment({ NODE_ENV: 'production', WORKER_API_KEY: 'k' }).WORKER_API_KEY,
    ).toBe('k');
  });
});
