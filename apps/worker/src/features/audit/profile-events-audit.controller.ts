import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Consume, queues, RecentMessageIds } from '@profile/messaging';
import {
  profileEventMessageSchema,
  profileEventTypes,
  type ProfileEventMessage,
} from '@profile/profile-domain';
import { InjectServiceLogger } from '@profile/service-core';
import type { Logger } from 'pino';

/** How many event ids the audit remembers to drop redeliveries and duplicate publishes. */
export const AUDIT_DEDUPE_WINDOW = 10_000;

/** One structured log line per profile event: ids, version, field names, actor; no values. */
@Controller()
export class ProfileEventsAuditController {
  private readonly seen = new RecentMessageIds(AUDIT_DEDUPE_WINDOW);

  private readonly logger: Logger;

  constructor(@InjectServiceLogger() logger: Logger) {
    this.logger = logger.child({ context: 'audit' });
  }

  @Consume(queues.profileEventsAudit, profileEventTypes, profileEventMessageSchema)
  record(@Payload() event: ProfileEventMessage): void {
    if (!this.seen.remember(event.id)) return;
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
