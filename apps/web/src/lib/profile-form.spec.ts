import { validateProfileCreate, validateProfilePatch, type Profile } from '@profile/profile-domain';
import {
  changedFields,
  createBodyOf,
  formValuesOf,
  mergeLatest,
  patchBodyOf,
} from './profile-form';

const profile: Profile = {
  id: '0b7c1a5e-1f1f-4c1c-9a9a-123456789abc',
  username: 'ada',
  email: 'ada@example.com',
  displayName: 'Ada Lovelace',
  bio: 'Analyst',
  avatarUrl: null,
  location: 'London',
  version: 3,
  createdAt: '2026-11-01T12:00:00.000Z',
  updatedAt: '2026-11-01T12:00:00.000Z',
};

describe('profile form values', () => {
  it('shows unset optional fields as empty inputs', () => {
    expect(formValuesOf(profile)).toEqual({
      username: 'ada',
      email: 'ada@example.com',
      displayName: 'Ada Lovelace',
      bio: 'Analyst',
      avatarUrl: '',
      location: 'London',
    });
    expect(formValuesOf().username).toBe('');
  });

  it('creates without the optional fields left empty, as the api’s schema accepts', () => {
    const body = createBodyOf({
      ...formValuesOf(),
      username: 'ada',
      email: 'a@b.example',
      displayName: 'Ada',
    });
    expect(body).toEqual({ username: 'ada', email: 'a@b.example', displayName: 'Ada' });
    expect(validateProfileCreate(body).ok).toBe(true);
  });

  it('patches only what changed, clearing an emptied optional field with null', () => {
    const patch = patchBodyOf(
      { ...formValuesOf(profile), bio: '', displayName: 'Ada King' },
      profile,
    );
    expect(patch).toEqual({ bio: null, displayName: 'Ada King' });
    expect(validateProfilePatch(patch).ok).toBe(true);
    expect(patchBodyOf(formValuesOf(profile), profile)).toEqual({});
  });

  it('names the fields another change touched', () => {
    expect(
      changedFields(profile, { ...profile, bio: null, location: 'Paris', version: 4 }),
    ).toEqual(['bio', 'location']);
  });
});

describe('mergeLatest', () => {
  const latest: Profile = { ...profile, version: 4, location: 'Paris', bio: 'Their bio' };

  it('takes what only the other change touched and keeps what only this edit touched', () => {
    const edited = { ...formValuesOf(profile), displayName: 'Ada King' };
    const merge = mergeLatest(edited, profile, latest);
    expect(merge).toEqual({
      values: { ...formValuesOf(latest), displayName: 'Ada King' },
      taken: ['bio', 'location'],
      conflicts: [],
    });
    // Saved on the latest version, the patch holds this edit alone.
    expect(patchBodyOf(merge.values, latest)).toEqual({ displayName: 'Ada King' });
  });

  it('makes a field both changed differently a conflict, and one both changed alike nothing', () => {
    const edited = { ...formValuesOf(profile), bio: 'My bio', location: 'Paris' };
    const merge = mergeLatest(edited, profile, latest);
    expect(merge.conflicts).toEqual(['bio']);
    expect(merge.taken).toEqual([]);
    expect(merge.values.bio).toBe('My bio');
    expect(patchBodyOf(merge.values, latest)).toEqual({ bio: 'My bio' });
  });
});
