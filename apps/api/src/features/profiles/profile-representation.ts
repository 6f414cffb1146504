import type { Profile } from '@profile/profile-domain';
import type { ProfileEntity } from './profile.entity';

/** A profile ready to send: its JSON (what the cache stores) with the id and version that label it. */
export interface ProfileRepresentation {
  id: string;
  version: number;
  json: string;
}

export function toProfile(entity: ProfileEntity): Profile {
  return {
    id: entity.id,
    username: entity.username,
    email: entity.email,
    displayName: entity.displayName,
    bio: entity.bio,
    avatarUrl: entity.avatarUrl,
    location: entity.location,
    version: entity.version,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
  };
}

export function represent(entity: ProfileEntity): ProfileRepresentation {
  return { id: entity.id, version: entity.version, json: JSON.stringify(toProfile(entity)) };
}
