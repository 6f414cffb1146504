import 'server-only';
import type { Profile, ProfileCreate, ProfilePatch } from '@profile/profile-domain';
import { parseServerTiming, ServerTimingMetric } from '../server-timing';
import type { ApiResult } from './api-client';
import { consoleCall } from './console-call';

export const PROFILE_PAGE_SIZE = 20;

export interface ProfilePage {
  items: Profile[];
  nextCursor: string | null;
}

export type CacheOutcome = 'HIT' | 'MISS' | 'BYPASS';

/** Where a read came from, as the api's headers tell it. */
export interface Provenance {
  cache: CacheOutcome | undefined;
  timings: ServerTimingMetric[];
  etag: string | undefined;
  requestId: string | undefined;
  roundTripMs: number;
}

export interface ProfileRead {
  profile: Profile;
  provenance: Provenance;
}

const profilePath = (id: string) => `/api/v1/profiles/${encodeURIComponent(id)}`;

export function listProfiles(
  apiKey: string,
  { q, cursor }: { q?: string; cursor?: string },
): Promise<ApiResult<ProfilePage>> {
  return consoleCall(apiKey, {
    path: '/api/v1/profiles',
    query: { q, cursor, limit: String(PROFILE_PAGE_SIZE) },
  });
}

/** Reads through the FIFO cache, or from PostgreSQL alone with `bypassCache` (X-Cache: BYPASS). */
export async function readProfile(
  apiKey: string,
  id: string,
  { bypassCache = false } = {},
): Promise<ApiResult<ProfileRead>> {
  const answer = await consoleCall<Profile>(apiKey, {
    path: profilePath(id),
    headers: bypassCache ? { 'cache-control': 'no-cache' } : {},
  });
  if (!answer.ok) return answer;
  const cache = answer.headers.get('x-cache')?.toUpperCase();
  return {
    ...answer,
    data: {
      profile: answer.data,
      provenance: {
        cache: cache === 'HIT' || cache === 'MISS' || cache === 'BYPASS' ? cache : undefined,
        timings: parseServerTiming(answer.headers.get('server-timing')),
        etag: answer.headers.get('etag') ?? undefined,
        requestId: answer.headers.get('x-request-id') ?? undefined,
        roundTripMs: answer.roundTripMs,
      },
    },
  };
}

export function createProfile(apiKey: string, body: ProfileCreate): Promise<ApiResult<Profile>> {
  return consoleCall(apiKey, { method: 'POST', path: '/api/v1/profiles', body });
}

/** A merge patch, applied only while the profile still has the ETag the edit started from. */
export function updateProfile(
  apiKey: string,
  id: string,
  etag: string,
  patch: ProfilePatch,
): Promise<ApiResult<Profile>> {
  return consoleCall(apiKey, {
    method: 'PATCH',
    path: profilePath(id),
    body: patch,
    headers: { 'if-match': etag },
  });
}

export function deleteProfile(
  apiKey: string,
  id: string,
  etag: string,
): Promise<ApiResult<undefined>> {
  return consoleCall(apiKey, {
    method: 'DELETE',
    path: profilePath(id),
    headers: { 'if-match': etag },
  });
}
