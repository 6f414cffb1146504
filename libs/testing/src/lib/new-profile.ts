import { randomBytes } from 'node:crypto';

export interface NewProfileBody {
  username: string;
  email: string;
  displayName: string;
}

let sequence = 0;

/** A valid profile body with a unique username and e-mail, with `overrides` on top. */
export function newProfile<T extends object = object>(overrides: T = {} as T): NewProfileBody & T {
  sequence += 1;
  const unique = `${randomBytes(3).toString('hex')}${sequence}`;
  return {
    username: `user-${unique}`,
    email: `user-${unique}@example.com`,
    displayName: `User ${unique}`,
    ...overrides,
  };
}
