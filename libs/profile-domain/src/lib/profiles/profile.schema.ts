import { z } from 'zod';
import { validate, Validated } from '../validation/field-errors';
import {
  codePointLength,
  hasControlCharacter,
  hasNulOrLoneSurrogate,
  isAbsoluteHttpsUrl,
  isWhatwgEmail,
} from './text-rules';

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{1,30}[a-z0-9]$/;
export const EMAIL_MAX_LENGTH = 254;
export const DISPLAY_NAME_MAX_LENGTH = 100;
export const BIO_MAX_LENGTH = 1000;
export const AVATAR_URL_MAX_LENGTH = 2048;
export const LOCATION_MAX_LENGTH = 100;

/** Fields only the server sets: a client sending one gets a 400 rather than having it ignored. */
export const SERVER_SET_PROFILE_FIELDS = ['id', 'version', 'createdAt', 'updatedAt'] as const;
/** The fields a client sets, in the order a profile lists them. */
export const PROFILE_FIELDS = [
  'username',
  'email',
  'displayName',
  'bio',
  'avatarUrl',
  'location',
] as const satisfies readonly ProfileField[];

const requiredString = () =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? 'is required'
        : issue.input === null
          ? 'is required and cannot be null'
          : 'must be a string',
  });

const optionalString = () => z.string({ error: 'must be a string or null' });

interface TextRule {
  min?: number;
  max: number;
  allowTabAndNewline?: boolean;
}

function checkText(
  value: string,
  context: z.RefinementCtx,
  { min = 0, max, allowTabAndNewline = false }: TextRule,
): void {
  const problem = hasNulOrLoneSurrogate(value)
    ? 'must not contain NUL or unpaired surrogates'
    : hasControlCharacter(value, allowTabAndNewline)
      ? allowTabAndNewline
        ? 'must not contain control characters other than tab and newline'
        : 'must not contain control characters'
      : codePointLength(value) < min
        ? min === 1
          ? 'must not be empty'
          : `must be at least ${min} characters`
        : codePointLength(value) > max
          ? `must be at most ${max} characters`
          : undefined;
  if (problem) context.addIssue({ code: 'custom', message: problem });
}

const username = requiredString()
  .regex(
    USERNAME_PATTERN,
    'must be 3-32 characters of lowercase letters, digits, ".", "_" or "-", starting and ending with a letter or digit',
  )
  .meta({ description: 'Unique; lowercase letters, digits, ".", "_" and "-".', example: 'ada' });

const email = requiredString()
  .refine(isWhatwgEmail, 'must be an e-mail address (ASCII, as an HTML type=email input accepts)')
  .refine(
    (value) => value.length <= EMAIL_MAX_LENGTH,
    `must be at most ${EMAIL_MAX_LENGTH} characters`,
  )
  .meta({
    description: 'Stored as sent; unique regardless of letter case.',
    format: 'email',
    example: 'ada@example.com',
  });

const displayName = requiredString()
  .trim()
  .superRefine((value, context) =>
    checkText(value, context, { min: 1, max: DISPLAY_NAME_MAX_LENGTH }),
  )
  .meta({ description: 'Surrounding whitespace is trimmed.', example: 'Ada Lovelace' });

const bio = optionalString()
  .superRefine((value, context) =>
    checkText(value, context, { max: BIO_MAX_LENGTH, allowTabAndNewline: true }),
  )
  .meta({ description: 'May contain tabs and newlines.' });

const avatarUrl = optionalString()
  .refine(isAbsoluteHttpsUrl, 'must be an absolute https: URL')
  .refine(
    (value) => codePointLength(value) <= AVATAR_URL_MAX_LENGTH,
    `must be at most ${AVATAR_URL_MAX_LENGTH} characters`,
  )
  .meta({ format: 'uri', example: 'https://example.com/ada.png' });

const location = optionalString().superRefine((value, context) =>
  checkText(value, context, { max: LOCATION_MAX_LENGTH }),
);

const objectError = { error: 'must be a JSON object' };

/** The body of a create: required fields must be present, optional ones may be omitted or null. */
export const profileCreateSchema = z
  .strictObject(
    {
      username,
      email,
      displayName,
      bio: bio.nullish(),
      avatarUrl: avatarUrl.nullish(),
      location: location.nullish(),
    },
    objectError,
  )
  .meta({ id: 'ProfileCreate' });

/** A JSON merge patch: absent fields stay, null clears an optional field. */
export const profilePatchSchema = z
  .strictObject(
    {
      username: username.optional(),
      email: email.optional(),
      displayName: displayName.optional(),
      bio: bio.nullish(),
      avatarUrl: avatarUrl.nullish(),
      location: location.nullish(),
    },
    objectError,
  )
  .meta({ id: 'ProfilePatch' });

/** A profile as the API returns it: every field present, unset optional ones null. */
export const profileSchema = z
  .object({
    id: z.uuid(),
    username: z.string(),
    email: z.string(),
    displayName: z.string(),
    bio: z.string().nullable(),
    avatarUrl: z.string().nullable(),
    location: z.string().nullable(),
    version: z.int().min(1),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Profile' });

export type ProfileCreate = z.output<typeof profileCreateSchema>;
export type ProfilePatch = z.output<typeof profilePatchSchema>;
export type Profile = z.output<typeof profileSchema>;
export type ProfileField = keyof ProfileCreate;

function describeUnknownProfileKey(key: string): string {
  return (SERVER_SET_PROFILE_FIELDS as readonly string[]).includes(key)
    ? 'is set by the server and cannot be sent'
    : 'is not a field of a profile';
}

export function validateProfileCreate(input: unknown): Validated<ProfileCreate> {
  return validate(profileCreateSchema, input, describeUnknownProfileKey);
}

export function validateProfilePatch(input: unknown): Validated<ProfilePatch> {
  return validate(profilePatchSchema, input, describeUnknownProfileKey);
}
