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

/** What bringing an edit onto a newer version of the profile did. */
export interface Merge {
  /** The form's values on the newer version: the other change's fields taken where untouched. */
  values: ProfileFormValues;
  /** Fields only the other change touched, now showing its values. */
  taken: ProfileField[];
  /** Fields both changed, to different values: the operator picks theirs or their own. */
  conflicts: ProfileField[];
}

/**
 * Three-way merge of the form's `values` (edited from `base`) onto `latest`: a field only the
 * other change touched takes its new value, a field only this edit touched keeps it, and a field
 * both changed differently is a conflict to pick.
 */
export function mergeLatest(values: ProfileFormValues, base: Profile, latest: Profile): Merge {
  const before = formValuesOf(base);
  const theirs = formValuesOf(latest);
  const merged = { ...values };
  const taken: ProfileField[] = [];
  const conflicts: ProfileField[] = [];
  for (const field of PROFILE_FIELDS) {
    if (theirs[field] === before[field]) continue;
    if (values[field] === before[field]) {
      merged[field] = theirs[field];
      taken.push(field);
    } else if (values[field] !== theirs[field]) {
      conflicts.push(field);
    }
  }
  return { values: merged, taken, conflicts };
}
