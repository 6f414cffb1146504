import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { WORKER_ENVIRONMENT, WorkerEnvironment } from '../config/worker-environment';

/** The fields of an api profile that handlers use. */
const profileSchema = z.looseObject({
  id: z.uuid(),
  displayName: z.string(),
  bio: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  location: z.string().nullable(),
});
export type ApiProfile = z.output<typeof profileSchema>;

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
    return profileSchema.parse(await response.json());
  }
}
