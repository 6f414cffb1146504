/** How big a scenario's load is: FAULTS_PROFILE=long for the soak-sized run, short otherwise. */
export interface FaultProfile {
  name: 'short' | 'long';
  /** Tasks (or profile creates) one burst sends. */
  burst: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** How long everything accepted has to settle after the fault is over. */
  settleMs: number;
  /** Profiles the redis-outage scenario reads and writes. */
  profiles: number;
  /** The client rate limit of the rate-limit scenario (requests per minute per key). */
  clientLimit: number;
}

const PROFILES: Record<FaultProfile['name'], FaultProfile> = {
  short: {
    name: 'short',
    burst: 120,
    concurrency: 8,
    settleMs: 20_000,
    profiles: 20,
    clientLimit: 100,
  },
  long: {
    name: 'long',
    burst: 1_000,
    concurrency: 16,
    settleMs: 60_000,
    profiles: 100,
    clientLimit: 600,
  },
};

export function faultProfile(): FaultProfile {
  const name = process.env['FAULTS_PROFILE'] || 'short';
  if (name !== 'short' && name !== 'long') {
    throw new Error(`FAULTS_PROFILE is short or long, not ${name}`);
  }
  return PROFILES[name];
}
