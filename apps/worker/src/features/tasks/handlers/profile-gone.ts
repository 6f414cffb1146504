/**
 * The result of a profile task whose profile was deleted before it ran. The task succeeds
 * (skipped): a retry could not bring the profile back, and a failure would be noise.
 */
export const PROFILE_GONE = { skipped: 'profile not found' };
