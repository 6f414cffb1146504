import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApiProfile, ProfileApiClient } from '../../platform/api-client/profile-api.client';
import { TaskEffectsClient } from '../../platform/api-client/task-effects.client';
import { HandlesTask, type TaskMessageOf } from './handles-task.decorator';
import { Attempt, type TaskAttempt, type TaskResult } from './task-attempt';

/**
 * The result of a profile task whose profile was deleted before it ran. The task succeeds
 * (skipped): a retry could not bring the profile back, and a failure would be noise.
 */
export const PROFILE_GONE = { skipped: 'profile not found' };

const OPTIONAL_FIELDS = ['bio', 'avatarUrl', 'location'] as const;

/** Tasks about a profile, which they read as it is now through the api. */
@Controller()
export class ProfileTasksController {
  constructor(
    private readonly profiles: ProfileApiClient,
    private readonly effects: TaskEffectsClient,
  ) {}

  /**
   * Sends the welcome; there is no mail channel, so the channel is the log. It is recorded as
   * sent first, so that the task run again (its worker died before reporting) does not send it
   * twice: a crash between the two loses it rather than doubling it.
   */
  @HandlesTask('profile.welcome')
  async welcome(
    @Payload() { taskId, payload: { profileId } }: TaskMessageOf<'profile.welcome'>,
    @Attempt() { signal, log }: TaskAttempt,
  ): Promise<TaskResult> {
    const profile = await this.profiles.get(profileId, signal);
    if (!profile) return PROFILE_GONE;
    const message = `Welcome, ${profile.displayName}!`;
    if (!(await this.effects.recordFirst(taskId, 'welcome', signal))) {
      log.info({ profileId }, 'welcome sent before: not sent again');
      return { channel: 'log', message, sentBefore: true };
    }
    log.info({ profileId }, 'welcome sent');
    return { channel: 'log', message };
  }

  /** Records how complete the profile is now: which optional fields are set, as a percentage. */
  @HandlesTask('profile.completeness-reminder')
  async completenessReminder(
    @Payload() { payload: { profileId } }: TaskMessageOf<'profile.completeness-reminder'>,
    @Attempt() { signal, log }: TaskAttempt,
  ): Promise<TaskResult> {
    const profile = await this.profiles.get(profileId, signal);
    if (!profile) return PROFILE_GONE;
    const completeness = completenessOf(profile);
    log.info({ profileId, percent: completeness.percent }, 'completeness reminder recorded');
    return completeness;
  }
}

export function completenessOf(profile: ApiProfile) {
  const set = OPTIONAL_FIELDS.filter((field) => profile[field] !== null && profile[field] !== '');
  return {
    percent: Math.round((set.length / OPTIONAL_FIELDS.length) * 100),
    set,
    missing: OPTIONAL_FIELDS.filter((field) => !set.includes(field)),
  };
}
