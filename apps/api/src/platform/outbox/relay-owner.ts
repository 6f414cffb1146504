import { randomInt } from 'node:crypto';
import type { Client } from 'pg';
import { DedicatedSession } from '../database/dedicated-session';
import { RELAY_OWNER_LOCK_SPACE } from './outbox-message';

/**
 * Who a relay is to the others: a connection of its own holding the session-level advisory lock
 * `(RELAY_OWNER_LOCK_SPACE, id)`. The rows the relay claims record the id, and PostgreSQL frees the
 * lock the moment the session ends, so once the process dies other relays see the lock free and
 * take its claims without waiting for them to lapse. `id` is undefined while the lock is not held
 * (the relay claims nothing then); after a lost connection it takes the same id back when it can,
 * so that its claims stay its own. `onHeld` runs each time the lock is taken.
 */
export class RelayOwner {
  private readonly session: DedicatedSession;
  private held: number | undefined;
  private wanted = randomOwnerId();

  constructor(databaseUrl: string, onHeld: () => void) {
    this.session = new DedicatedSession({
      databaseUrl,
      applicationName: 'profile-api-outbox-owner',
      onConnected: async (client) => {
        while (!(await tryLock(client, this.wanted))) this.wanted = randomOwnerId();
        if (!this.session.isCurrent(client)) return;
        this.held = this.wanted;
        onHeld();
      },
      onLost: (reason) => {
        this.held = undefined;
        return `outbox owner lock lost (${reason}); claiming nothing until it is held again`;
      },
    });
  }

  get id(): number | undefined {
    return this.held;
  }

  start(): void {
    this.session.start();
  }

  /** Ends the session, which frees the lock. */
  stop(): Promise<void> {
    this.held = undefined;
    return this.session.stop();
  }
}

async function tryLock(client: Client, id: number): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>(
    'SELECT pg_try_advisory_lock($1, $2) AS locked',
    [RELAY_OWNER_LOCK_SPACE, id],
  );
  return rows[0].locked;
}

/** A positive int4, so that the lock's objid (an oid) reads back as the same number. */
function randomOwnerId(): number {
  return randomInt(1, 2 ** 31 - 1);
}
