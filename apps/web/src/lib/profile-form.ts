import { PROFILE_FIELDS, type Profile, type ProfileField } from '@profile/profile-domain';

const OPTIONAL_FIELDS: ReadonlySet<ProfileField> = new Set(['bio', 'avatarUrl', 'location']);

/** What the form's inputs hold: every field as text, '' for an unset optional one. */
export type ProfileFormValues = Record<ProfileField, string>;

export function formValuesOf(profile?: Profile): ProfileFormValues {
  return Object.fromEntries(
    PROFILE_FIELDS.map((field) => [field, profile?.[field] ?? '']),
  ) as ProfileFormValues;
}

/** The body of a create: empty optional fields are left out. */
export function createBodyOf(values: ProfileFormValues): Record<string, string> {
  return Object.fromEntries(
    PROFILE_FIELDS.filter((field) => !(OPTIONAL_FIELDS.has(field) && values[field] === '')).map(
      (field) => [field, values[field]],
    ),
  );
}

/**
 * The merge patch from `base` to `values`: only the fields that differ, an emptied optional field
 * as null (which clears it).
 */
export function patchBodyOf(
  values: ProfileFormValues,
  base: Profile,
): Record<string, string | null> {
  const patch: Record<string, string | null> = {};
  for (const field of PROFILE_FIELDS) {
    if (values[field] === (base[field] ?? '')) continue;
    patch[field] = OPTIONAL_FIELDS.has(field) && values[field] === '' ? null : values[field];
  }
  return patch;
}

/** The fields whose values differ between two versions of a profile. */
export function changedFields(before: Profile, after: Profile): ProfileField[] {
  return PROFILE_FIELDS.filter((field) => (before[field] ?? null) !== (after[field] ?? null));
}

export const PROFILE_FIELD_LABELS: Record<ProfileField, string> = {
  username: 'Username',
  email: 'E-mail',
  displayName: 'Display name',
  bio: 'Bio',
  avatarUrl: 'Avatar URL',
  location: 'Location',
};
