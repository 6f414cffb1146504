import { Inject, Injectable } from '@nestjs/common';
import { profileSchema } from '@profile/api-contract';
import type { z } from 'zod';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../config/worker-environment';

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

/** Reads current profiles from the api, past its cache, with the worker's read key. */
@Injectable()
export class ProfileApiClient {
  constructor(@Inject(WORKER_ENVIRONMENT) private readonly environment: WorkerEnvironment) {}

  /** The profile, or null when the api says it does not exist (any more). */
  async get(profileId: string, signal: AbortSignal): Promise<ApiProfile | null> {
    const url = new URL(
      `/api/v1/profiles/${encodeURIComponent(profileId)}`,
      this.environment.API_URL,
    );
    const response = await fetch(url, {
      headers: {
        accept: 'application/json',
        'cache-control': 'no-cache',
        ...(this.environment.WORKER_API_KEY
          ? { authorization: `Bearer ${this.environment.WORKER_API_KEY}` }
          : {}),
      },
      signal: AbortSignal.any([signal, AbortSignal.timeout(this.environment.API_TIMEOUT_MS)]),
    });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`api answered ${response.status} for profile ${profileId}`);
    return profileFields.parse(await response.json());
  }
}
