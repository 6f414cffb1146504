import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { type AmqpContext, Consume, queues } from '@profile/messaging';
import {
  profileEventMessageSchema,
  profileEventTypes,
  type ProfileEventMessage,
} from '@profile/profile-domain';
import { InjectServiceLogger } from '@profile/service-core';
import type { Logger } from 'pino';
import { AuditedEventsClient } from '../../platform/api-client/audited-events.client';

/**
 * One structured log line per profile event: ids, version, field names, actor; no values. Each
 * event is recorded through the api first, so that a redelivered or republished one is audited
 * once, whichever worker process gets it and however long after.
 */
@Controller()
export class ProfileEventsAuditController {
  private readonly logger: Logger;

  constructor(
    private readonly audited: AuditedEventsClient,
    @InjectServiceLogger() logger: Logger,
  ) {
    this.logger = logger.child({ context: 'audit' });
  }

  @Consume(queues.profileEventsAudit, profileEventTypes, profileEventMessageSchema)
  async record(
    @Payload() event: ProfileEventMessage,
    @Ctx() { signal }: AmqpContext,
  ): Promise<void> {
    if (!(await this.audited.recordFirst(event.id, signal))) return;
    this.logger.info(
      {
        audit: true,
        messageId: event.id,
        correlationId: event.correlationId,
        event: event.type,
        occurredAt: event.occurredAt,
        ...event.payload,
      },
      'profile event',
    );
  }
}
