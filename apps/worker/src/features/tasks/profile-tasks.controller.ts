import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ApiProfile, ProfileApiClient } from '../../platform/api-client/profile-api.client';
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
  constructor(private readonly profiles: ProfileApiClient) {}

  /** Records the welcome it would send; there is no mail channel, so the channel is the log. */
  @HandlesTask('profile.welcome')
  async welcome(
    @Payload() { payload: { profileId } }: TaskMessageOf<'profile.welcome'>,
    @Attempt() { signal, log }: TaskAttempt,
  ): Promise<TaskResult> {
    const profile = await this.profiles.get(profileId, signal);
    if (!profile) return PROFILE_GONE;
    log.info({ profileId }, 'welcome sent');
    return { channel: 'log', message: `Welcome, ${profile.displayName}!` };
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
