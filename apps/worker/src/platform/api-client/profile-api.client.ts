import { Inject, Injectable } from '@nestjs/common';
import { profileSchema } from '@profile/api-contract';
import type { z } from 'zod';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../config/worker-environment';
import { apiRequestRetryingLater } from './api-request';

/**
 * The fields of the contract's profile that handlers use: the worker reads only these, so a
 * field the api adds later cannot break it.
 */
const profileFields = profileSchema.pick({
  id: true,
  displayName: true,
  bio: true,
  avatarUrl: true,
  location: true,
});
export type ApiProfile = z.output<typeof profileFields>;

/**
 * Reads current profiles from the api, past its cache, with the worker's key; waits out a 429 or
 * 503 as its Retry-After says, for as long as the attempt runs.
 */
@Injectable()
export class ProfileApiClient {
  constructor(@Inject(WORKER_ENVIRONMENT) private readonly environment: WorkerEnvironment) {}

  /** The profile, or null when the api says it does not exist (any more). */
  async get(profileId: string, signal: AbortSignal): Promise<ApiProfile | null> {
    const response = await apiRequestRetryingLater(
      this.environment,
      `/api/v1/profiles/${encodeURIComponent(profileId)}`,
      signal,
      { headers: { 'cache-control': 'no-cache' } },
    );
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`api answered ${response.status} for profile ${profileId}`);
    return profileFields.parse(await response.json());
  }
}
