import { env } from '@profile/profile-domain';
import { z } from 'zod';

/** The environment slice messaging reads; apps merge it into their own schema. */
export const messagingEnvironmentFields = {
  RABBITMQ_URL: env.url(['amqp:', 'amqps:'], 'amqp://guest:guest@127.0.0.1:5672'),
  /** How long a publish may wait for the broker's confirm (including while reconnecting). */
  PUBLISH_TIMEOUT_MS: env.integer(5_000, 100, 60_000),
  /** On shutdown, how long consumers let in-flight messages finish before returning them. */
  CONSUMER_DRAIN_TIMEOUT_MS: env.integer(10_000, 0, 300_000),
};

export type MessagingEnvironment = z.output<z.ZodObject<typeof messagingEnvironmentFields>>;

/** What an app consumes with: its messaging environment and each consumed queue's prefetch. */
export interface MessagingOptions {
  environment: MessagingEnvironment;
  /** Messages in flight per consumed queue (the channel's prefetch); a queue not named gets 1. */
  prefetch: Readonly<Record<string, number>>;
}

/** Injection token of the MessagingOptions, which the app provides (see MessagingModule). */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
