import { EnvironmentError } from '@profile/profile-domain';
import { loadApiEnvironment } from './api-environment';

describe('api environment', () => {
  it('applies the documented defaults to an empty environment', () => {
    const environment = loadApiEnvironment({});

    expect(environment.PORT).toBe(30080);
    expect(environment.CACHE_MAX_ENTRIES).toBe(10);
    expect(environment.CACHE_TTL_NEW_MS).toBe(24 * 60 * 60 * 1000);
    expect(environment.CACHE_TTL_UPDATED_MS).toBe(60 * 60 * 1000);
    expect(environment.CACHE_TIMEOUT_MS).toBe(50);
    expect(environment.REMINDER_DELAY_MS).toBe(24 * 60 * 60 * 1000);
    expect(environment.IDEMPOTENCY_KEY_RETENTION_MS).toBe(24 * 60 * 60 * 1000);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/profiles'],
    ['REDIS_URL', 'not a url'],
    ['RABBITMQ_URL', 'http://localhost:5672'],
    ['CACHE_MAX_ENTRIES', '0'],
    ['CACHE_TIMEOUT_MS', '1.5'],
    ['DB_POOL_SIZE', '-1'],
    ['LOG_LEVEL', 'verbose'],
    ['REMINDER_DELAY_MS', '-1'],
    ['OUTBOX_BATCH_SIZE', '0'],
  ])('rejects %s=%s naming the variable', (variable, value) => {
    expect(() => loadApiEnvironment({ [variable]: value })).toThrow(EnvironmentError);
    expect(() => loadApiEnvironment({ [variable]: value })).toThrow(
      new RegExp(`^  - ${variable}: `, 'm'),
    );
  });

  it.each([
    ['OUTBOX_CLAIM_TTL_MS', { OUTBOX_CLAIM_TTL_MS: '5000', PUBLISH_TIMEOUT_MS: '5000' }],
    ['TASK_RETRY_MAX_MS', { TASK_RETRY_BASE_MS: '2000', TASK_RETRY_MAX_MS: '1000' }],
    [
      'TASK_RETENTION_MS',
      { TASK_RETENTION_MS: '3600000', IDEMPOTENCY_KEY_RETENTION_MS: '7200000' },
    ],
  ])('rejects %s inconsistent with the setting it depends on', (variable, source) => {
    expect(() => loadApiEnvironment(source)).toThrow(new RegExp(`^  - ${variable}: `, 'm'));
  });
});
