import 'server-only';
import {
  type ApiAnswer,
  type CacheOutcome,
  cacheOutcomeOf,
  type Profile,
  type ProfileCreateBody,
  type ProfilePage,
  type ProfilePatchBody,
} from '@profile/api-contract';
import { parseServerTiming, ServerTimingMetric } from '../server-timing';
import { consoleCall } from './console-call';

export const PROFILE_PAGE_SIZE = 20;

/** Where a read came from, as the api's headers tell it. */
export interface Provenance {
  cache: CacheOutcome | undefined;
  timings: ServerTimingMetric[];
  etag: string | undefined;
  requestId: string | undefined;
  /** Milliseconds from sending the request to reading the whole answer. */
  roundTripMs: number;
}

export interface ProfileRead {
  profile: Profile;
  provenance: Provenance;
}

export function listProfiles(
  apiKey: string,
  { q, cursor }: { q?: string; cursor?: string },
): Promise<ApiAnswer<ProfilePage>> {
  return consoleCall(apiKey, (api) => api.listProfiles({ q, cursor, limit: PROFILE_PAGE_SIZE }));
}

/** Reads through the FIFO cache, or from PostgreSQL alone with `bypassCache` (X-Cache: BYPASS). */
export async function readProfile(
  apiKey: string,
  id: string,
  { bypassCache = false } = {},
): Promise<ApiAnswer<ProfileRead>> {
  const started = performance.now();
  const answer = await consoleCall(apiKey, (api) => api.readProfile(id, { bypassCache }));
  const roundTripMs = performance.now() - started;
  if (!answer.ok) return answer;
  const { headers } = answer;
  return {
    ...answer,
    data: {
      profile: answer.data,
      provenance: {
        cache: cacheOutcomeOf(headers),
        timings: parseServerTiming(headers.get('server-timing')),
        etag: headers.get('etag') ?? undefined,
        requestId: headers.get('x-request-id') ?? undefined,
        roundTripMs,
      },
    },
  };
}

export function createProfile(
  apiKey: string,
  body: ProfileCreateBody,
): Promise<ApiAnswer<Profile>> {
  return consoleCall(apiKey, (api) => api.createProfile(body));
}

/** A merge patch, applied only while the profile still has the ETag the edit started from. */
export function updateProfile(
  apiKey: string,
  id: string,
  etag: string,
  patch: ProfilePatchBody,
): Promise<ApiAnswer<Profile>> {
  return consoleCall(apiKey, (api) => api.updateProfile(id, patch, { ifMatch: etag }));
}

export function deleteProfile(
  apiKey: string,
  id: string,
  etag: string,
): Promise<ApiAnswer<undefined>> {
  return consoleCall(apiKey, (api) => api.deleteProfile(id, { ifMatch: etag }));
}
