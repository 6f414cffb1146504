'use server';

import { validateProfileCreate, validateProfilePatch } from '@profile/profile-domain';
import { z } from 'zod';
import { failureState } from '../../../lib/action-failure';
import {
  createProfile,
  deleteProfile,
  readProfile,
  updateProfile,
} from '../../../lib/api/profiles-api';
import type { ActionState, ProfileFormState } from '../../../lib/form-state';
import { authorize } from '../../../lib/session/operator';

const INVALID = 'Some fields need attention.';

// Anyone can post to an action: its arguments are checked like any request body.
const updateInput = z.object({
  id: z.uuid(),
  etag: z.string().min(1).max(200),
  patch: z.unknown(),
});
const deleteInput = z.object({ id: z.uuid(), etag: z.string().min(1).max(200) });

export async function createProfileAction(
  _previous: ProfileFormState,
  body: unknown,
): Promise<ProfileFormState> {
  const authorization = await authorize('write');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const validated = validateProfileCreate(body);
  if (!validated.ok) return { status: 'invalid', message: INVALID, fieldErrors: validated.errors };
  const answer = await createProfile(authorization.apiKey, validated.value);
  if (!answer.ok) return failureState(answer, 'create the profile');
  return {
    status: 'navigate',
    location: `/profiles/${answer.data.id}`,
    notice: `Created @${answer.data.username}.`,
  };
}

export async function updateProfileAction(
  _previous: ProfileFormState,
  input: unknown,
): Promise<ProfileFormState> {
  const authorization = await authorize('write');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const parsed = updateInput.safeParse(input);
  if (!parsed.success) return { status: 'failed', message: 'The form sent something unexpected.' };
  const { id, etag } = parsed.data;
  const validated = validateProfilePatch(parsed.data.patch);
  if (!validated.ok) return { status: 'invalid', message: INVALID, fieldErrors: validated.errors };

  const answer = await updateProfile(authorization.apiKey, id, etag, validated.value);
  if (answer.ok) {
    return {
      status: 'navigate',
      location: `/profiles/${id}`,
      notice: `Saved version ${answer.data.version} of @${answer.data.username}.`,
    };
  }
  if (answer.kind === 'problem' && answer.status === 412) {
    const latest = await readProfile(authorization.apiKey, id, { bypassCache: true });
    if (latest.ok && latest.data.provenance.etag) {
      return {
        status: 'stale',
        message:
          'Someone else changed this profile after you opened it; your changes were not saved.',
        latest: latest.data.profile,
        etag: latest.data.provenance.etag,
      };
    }
  }
  if (answer.kind === 'problem' && (answer.status === 412 || answer.status === 404)) {
    return { status: 'failed', message: 'This profile was deleted after you opened it.' };
  }
  return failureState(answer, 'save the profile');
}

export async function deleteProfileAction(
  _previous: ActionState,
  input: unknown,
): Promise<ActionState> {
  const authorization = await authorize('write');
  if (!authorization.ok) return { status: 'failed', message: authorization.message };
  const parsed = deleteInput.safeParse(input);
  if (!parsed.success) return { status: 'failed', message: 'The form sent something unexpected.' };
  const answer = await deleteProfile(authorization.apiKey, parsed.data.id, parsed.data.etag);
  if (answer.ok || (answer.kind === 'problem' && answer.status === 404)) {
    return { status: 'navigate', location: '/profiles', notice: 'The profile was deleted.' };
  }
  if (answer.kind === 'problem' && answer.status === 412) {
    return {
      status: 'failed',
      message:
        'This profile changed after you opened it, so it was not deleted. Reload the page to see the latest version, then delete it if you still want to.',
    };
  }
  return failureState(answer, 'delete the profile');
}
