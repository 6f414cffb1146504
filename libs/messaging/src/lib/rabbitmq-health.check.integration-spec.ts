import { eventually } from '@profile/testing';
import { MessagingBehindProxy } from '../../test/support/messaging-behind-proxy';
import { RabbitMqHealthCheck } from './rabbitmq-health.check';

describe('RabbitMqHealthCheck (real RabbitMQ behind a proxy)', () => {
  let messaging: MessagingBehindProxy;
  let check: RabbitMqHealthCheck;

  beforeAll(async () => {
    messaging = await MessagingBehindProxy.start('health');
    check = messaging.get(RabbitMqHealthCheck);
  });

  afterAll(async () => {
    await messaging?.stop();
  });

  it('passes once connected, fails when the broker goes away, and recovers', async () => {
    await eventually(() => check.check());

    await messaging.proxy.cut();
    await eventually(() => expect(check.check()).rejects.toThrow('not connected'));

    await messaging.proxy.restore();
    await eventually(() => check.check(), 15_000);
  });
});
