import { z } from 'zod';
import { messageEnvelopeSchema } from './message-envelope';

export const profileEventTypes = ['profile.created', 'profile.updated', 'profile.deleted'] as const;
export const profileEventTypeSchema = z.enum(profileEventTypes);
export type ProfileEventType = z.output<typeof profileEventTypeSchema>;

/** Fields a change can touch; events name them, never their values (no personal data). */
export const profileChangeableFields = [
  'username',
  'email',
  'displayName',
  'bio',
  'avatarUrl',
  'location',
] as const;

export const profileEventSchema = z.strictObject({
  profileId: z.uuid(),
  version: z.int().min(1),
  changedFields: z.array(z.enum(profileChangeableFields)),
  /** The name (never the secret) of the API key that made the change. */
  actor: z.string().min(1).max(100),
});
export type ProfileEvent = z.output<typeof profileEventSchema>;

export const profileEventMessageSchema = messageEnvelopeSchema(
  profileEventTypeSchema,
  profileEventSchema,
);
export type ProfileEventMessage = z.output<typeof profileEventMessageSchema>;
