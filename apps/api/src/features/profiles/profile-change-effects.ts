import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_MAX_ATTEMPTS, PROFILE_FIELDS, type ProfileField } from '@profile/profile-domain';
import type { EntityManager } from 'typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import type { SqlWrite } from '../../platform/database/sql-write';
import { OutboxRepository } from '../../platform/outbox/outbox.repository';
import { TaskScheduler } from '../tasks/task-scheduler';
import { ChangeContext, profileEventMessage } from './profile-event-message';
import type { ProfileEntity } from './profile.entity';
import type { NewProfile } from './profiles.repository';

/**
 * What a profile change causes, written with the change itself (in its statement, or its
 * transaction): its event on the outbox, and for a new profile its welcome and completeness
 * reminder; a deleted profile's scheduled tasks are cancelled.
 */
@Injectable()
export class ProfileChangeEffects {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly scheduler: TaskScheduler,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  /**
   * The writes a new profile causes, for the statement that inserts it: its event, its welcome
   * and its completeness reminder.
   */
  creating(profile: NewProfile, context: ChangeContext, now: Date): SqlWrite[] {
    const setFields = PROFILE_FIELDS.filter((field) => (profile[field] ?? null) !== null);
    const payload = { profileId: profile.id };
    const { writes } = this.scheduler.scheduling(
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
    const event = { profileId: profile.id, version: profile.version, changedFields: setFields };
    return [
      this.outbox.enqueueing([profileEventMessage('profile.created', event, context, now)]),
      ...writes,
    ];
  }

  /** The write a change causes (its event), for the statement that updates the profile. */
  updating(
    profile: { id: string; version: number },
    changedFields: readonly ProfileField[],
    context: ChangeContext,
    now: Date,
  ): SqlWrite[] {
    const event = {
      profileId: profile.id,
      version: profile.version,
      changedFields: [...changedFields],
    };
    return [this.outbox.enqueueing([profileEventMessage('profile.updated', event, context, now)])];
  }

  /** Cancels a deleted profile's scheduled tasks and announces the deletion, in its transaction. */
  async deleted(manager: EntityManager, profile: ProfileEntity, context: ChangeContext) {
    const now = new Date();
    await this.scheduler.cancelScheduled(manager, { profileId: profile.id }, now);
    const event = { profileId: profile.id, version: profile.version, changedFields: [] };
    await this.outbox.enqueue(manager, [
      profileEventMessage('profile.deleted', event, context, now),
    ]);
  }
}
