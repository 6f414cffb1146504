import { Injectable } from '@nestjs/common';
import type { PublishFailure } from '@profile/messaging';
import { InjectMetric, makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import type { OutboxBacklog } from './outbox-message';

export const OUTBOX_METRIC = {
  pending: 'outbox_pending',
  lag: 'outbox_lag_seconds',
  published: 'outbox_published_total',
  failures: 'outbox_publish_failures_total',
} as const;

export const outboxMetricProviders = [
  makeGaugeProvider({
    name: OUTBOX_METRIC.pending,
    help: 'Outbox rows that are due and not yet published.',
  }),
  makeGaugeProvider({
    name: OUTBOX_METRIC.lag,
    help: 'How long the oldest due, unpublished outbox row has been due, in seconds.',
  }),
  makeCounterProvider({
    name: OUTBOX_METRIC.published,
    help: 'Outbox messages published and confirmed, by the exchange they went to.',
    labelNames: ['exchange'],
  }),
  makeCounterProvider({
    name: OUTBOX_METRIC.failures,
    help: 'Outbox publishes that failed and stay for the next round, by reason.',
    labelNames: ['reason'],
  }),
];

@Injectable()
export class OutboxMetrics {
  constructor(
    @InjectMetric(OUTBOX_METRIC.pending) private readonly pending: Gauge,
    @InjectMetric(OUTBOX_METRIC.lag) private readonly lag: Gauge,
    @InjectMetric(OUTBOX_METRIC.published) private readonly published: Counter<'exchange'>,
    @InjectMetric(OUTBOX_METRIC.failures) private readonly failures: Counter<'reason'>,
  ) {}

  backlog({ pending, lagSeconds }: OutboxBacklog): void {
    this.pending.set(pending);
    this.lag.set(lagSeconds);
  }

  sent(messages: ReadonlyArray<{ exchange: string }>): void {
    const perExchange = new Map<string, number>();
    for (const { exchange } of messages) {
      perExchange.set(exchange, (perExchange.get(exchange) ?? 0) + 1);
    }
    for (const [exchange, count] of perExchange) this.published.inc({ exchange }, count);
  }

  failed(reason: PublishFailure): void {
    this.failures.inc({ reason });
  }
}
