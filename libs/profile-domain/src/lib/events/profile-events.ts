import { z } from 'zod';
import { PROFILE_FIELDS } from '../profiles/profile.schema';
import { messageEnvelopeSchema } from './message-envelope';

export const profileEventTypes = ['profile.created', 'profile.updated', 'profile.deleted'] as const;
export const profileEventTypeSchema = z.enum(profileEventTypes);
export type ProfileEventType = z.output<typeof profileEventTypeSchema>;

export const profileEventSchema = z.strictObject({
  profileId: z.uuid(),
  version: z.int().min(1),
  /** The fields the change touched, by name, never their values (no personal data). */
  changedFields: z.array(z.enum(PROFILE_FIELDS)),
  /** The name (never the secret) of the API key that made the change. */
  actor: z.string().min(1).max(100),
});
export type ProfileEvent = z.output<typeof profileEventSchema>;

export const profileEventMessageSchema = messageEnvelopeSchema(
  profileEventTypeSchema,
  profileEventSchema,
);
export type ProfileEventMessage = z.output<typeof profileEventMessageSchema>;
