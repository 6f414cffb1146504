import type { Profile } from '@profile/profile-domain';

/** A profile as the api answers it. */
export const aProfile: Profile = {
  id: '6f1c2d1e-0000-4000-8000-000000000000',
  username: 'ada',
  email: 'ada@example.com',
  displayName: 'Ada Lovelace',
  bio: null,
  avatarUrl: null,
  location: null,
  version: 1,
  createdAt: '2025-01-02T03:04:05.678Z',
  updatedAt: '2025-01-02T03:04:05.678Z',
};
