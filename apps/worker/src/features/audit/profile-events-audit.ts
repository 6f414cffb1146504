import { Injectable } from '@nestjs/common';
import { RecentMessageIds } from '@profile/messaging';
import type { Delivery } from '@profile/messaging';
import type { ProfileEventMessage } from '@profile/profile-domain';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';

/** How many event ids the audit remembers to drop redeliveries and duplicate publishes. */
export const AUDIT_DEDUPE_WINDOW = 10_000;

/** One structured log line per profile event: ids, version, field names, actor; no values. */
@Injectable()
export class ProfileEventsAudit {
  private readonly seen = new RecentMessageIds(AUDIT_DEDUPE_WINDOW);

  constructor(@InjectPinoLogger('audit') private readonly logger: PinoLogger) {}

  async record({ envelope }: Delivery<ProfileEventMessage>): Promise<void> {
    if (!this.seen.remember(envelope.id)) return;
    this.logger.info(
      {
        audit: true,
        messageId: envelope.id,
        correlationId: envelope.correlationId,
        event: envelope.type,
        occurredAt: envelope.occurredAt,
        ...envelope.payload,
      },
      'profile event',
    );
  }
}
