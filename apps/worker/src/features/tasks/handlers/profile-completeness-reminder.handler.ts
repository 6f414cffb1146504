import { Injectable } from '@nestjs/common';
import type { TaskPayload } from '@profile/profile-domain';
import { ApiProfile, ProfileApiClient } from '../../../platform/api-client/profile-api.client';
import type { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { PROFILE_GONE } from './profile-gone';

const OPTIONAL_FIELDS = ['bio', 'avatarUrl', 'location'] as const;

/** Records how complete the profile is now: which optional fields are set, as a percentage. */
@Injectable()
export class ProfileCompletenessReminderHandler implements TaskHandler<'profile.completeness-reminder'> {
  readonly type = 'profile.completeness-reminder';

  constructor(private readonly profiles: ProfileApiClient) {}

  async run(
    { profileId }: TaskPayload<'profile.completeness-reminder'>,
    { signal, log }: TaskContext,
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
