import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_MAX_ATTEMPTS, PROFILE_FIELDS, type ProfileField } from '@profile/profile-domain';
import type { EntityManager } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { OutboxRepository } from '../../platform/outbox/outbox.repository';
import { TaskScheduler } from '../tasks/task-scheduler';
import { ChangeContext, profileEventMessage } from './profile-event-message';
import type { ProfileEntity } from './profile.entity';

/**
 * What a committed profile change causes, written in the change's own transaction: its event on
 * the outbox, and for a new profile its welcome and completeness reminder; a deleted profile's
 * scheduled tasks are cancelled.
 */
@Injectable()
export class ProfileChangeEffects {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly scheduler: TaskScheduler,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  async created(manager: EntityManager, profile: ProfileEntity, context: ChangeContext) {
    const now = new Date();
    const setFields = PROFILE_FIELDS.filter((field) => profile[field] !== null);
    await this.announce(manager, 'profile.created', profile, setFields, context, now);
    const payload = { profileId: profile.id };
    await this.scheduler.schedule(
      manager,
      [
        { type: 'profile.welcome', payload, runAt: now, maxAttempts: DEFAULT_MAX_ATTEMPTS },
        {
          type: 'profile.completeness-reminder',
          payload,
          runAt: new Date(now.getTime() + this.environment.REMINDER_DELAY_MS),
          maxAttempts: DEFAULT_MAX_ATTEMPTS,
        },
      ],
      context.correlationId,
      now,
    );
  }

  async updated(
    manager: EntityManager,
    profile: ProfileEntity,
    changedFields: readonly ProfileField[],
    context: ChangeContext,
  ) {
    await this.announce(manager, 'profile.updated', profile, changedFields, context, new Date());
  }

  async deleted(manager: EntityManager, profile: ProfileEntity, context: ChangeContext) {
    const now = new Date();
    await this.scheduler.cancelScheduled(manager, { profileId: profile.id }, now);
    await this.announce(manager, 'profile.deleted', profile, [], context, now);
  }

  private announce(
    manager: EntityManager,
    type: 'profile.created' | 'profile.updated' | 'profile.deleted',
    profile: ProfileEntity,
    changedFields: readonly ProfileField[],
    context: ChangeContext,
    now: Date,
  ): Promise<void> {
    const event = {
      profileId: profile.id,
      version: profile.version,
      changedFields: [...changedFields],
    };
    return this.outbox.enqueue(manager, [profileEventMessage(type, event, context, now)]);
  }
}
