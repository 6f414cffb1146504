import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { MessageConsumers, queues } from '@profile/messaging';
import { profileEventMessageSchema } from '@profile/profile-domain';
import { ProfileEventsAudit } from './profile-events-audit';

const AUDIT_PREFETCH = 20;

/** Consumes `profile.events.audit` into the audit log. */
@Module({ providers: [ProfileEventsAudit] })
export class AuditModule implements OnApplicationBootstrap {
  constructor(
    private readonly consumers: MessageConsumers,
    private readonly audit: ProfileEventsAudit,
  ) {}

  onApplicationBootstrap(): void {
    this.consumers.consume({
      queue: queues.profileEventsAudit,
      prefetch: AUDIT_PREFETCH,
      schema: profileEventMessageSchema,
      handle: (delivery) => this.audit.record(delivery),
    });
  }
}
