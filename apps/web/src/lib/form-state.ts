import type { FieldError, Profile, Task } from '@profile/profile-domain';

/**
 * What a server action answers a form with. A success that leads elsewhere answers `navigate` and
 * the page moves there itself, and pages refresh themselves after an action: an action whose answer
 * carries a new page tree (redirect(), refresh()) now and then never commits on the client in
 * production builds of Next.js 16 under load, leaving the form pending for good.
 */
export type ActionState =
  | { status: 'idle' }
  /** `notice` is said in a toast once there. */
  | { status: 'navigate'; location: string; notice?: string }
  | { status: 'invalid'; message: string; fieldErrors: FieldError[] }
  /** The key's scope does not allow it, or the api refused or could not be reached. */
  | { status: 'failed'; message: string }
  | { status: 'done'; message: string };

export type ProfileFormState =
  | ActionState
  /** The profile changed since the form was opened (412): the latest version to start again from. */
  | { status: 'stale'; message: string; latest: Profile; etag: string };

export type TaskFormState = ActionState | { status: 'scheduled'; message: string; task: Task };

export const IDLE: ActionState = { status: 'idle' };
