import { Injectable } from '@nestjs/common';
import type { TaskPayload } from '@profile/profile-domain';
import { ProfileApiClient } from '../../../platform/api-client/profile-api.client';
import type { TaskContext, TaskHandler, TaskResult } from '../task-handler';
import { PROFILE_GONE } from './profile-gone';

/** Records the welcome it would send; there is no mail channel, so the channel is the log. */
@Injectable()
export class ProfileWelcomeHandler implements TaskHandler<'profile.welcome'> {
  readonly type = 'profile.welcome';

  constructor(private readonly profiles: ProfileApiClient) {}

  async run(
    { profileId }: TaskPayload<'profile.welcome'>,
    { signal, log }: TaskContext,
  ): Promise<TaskResult> {
    const profile = await this.profiles.get(profileId, signal);
    if (!profile) return PROFILE_GONE;
    log.info({ profileId }, 'welcome sent');
    return { channel: 'log', message: `Welcome, ${profile.displayName}!` };
  }
}
