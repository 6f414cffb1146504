import { Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { Client } from 'pg';
import { RELAY_OWNER_LOCK_SPACE } from './outbox-message';

const RECONNECT_DELAY_MS = 2_000;

/**
 * Who a relay is to the others: a connection of its own holding the session-level advisory lock
 * `(RELAY_OWNER_LOCK_SPACE, id)`. The rows the relay claims record the id, and PostgreSQL frees the
 * lock the moment the session ends, so once the process dies other relays see the lock free and
 * take its claims without waiting for them to lapse. `id` is undefined while the lock is not held
 * (the relay claims nothing then); after a lost connection it takes the same id back when it can,
 * so that its claims stay its own. `onHeld` runs each time the lock is taken.
 */
export class RelayOwner {
  private readonly logger = new Logger(RelayOwner.name);
  private client: Client | undefined;
  private held: number | undefined;
  private wanted = randomOwnerId();
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onHeld: () => void,
  ) {}

  get id(): number | undefined {
    return this.held;
  }

  start(): void {
    void this.connect();
  }

  /** Ends the session, which frees the lock. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.held = undefined;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'profile-api-outbox-owner',
      connectionTimeoutMillis: 5_000,
    });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      while (!(await tryLock(client, this.wanted))) this.wanted = randomOwnerId();
      if (this.client !== client) return;
      this.held = this.wanted;
      this.onHeld();
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    this.held = undefined;
    this.logger.warn(
      `outbox owner lock lost (${error instanceof Error ? error.message : 'connection ended'}); claiming nothing until it is held again`,
    );
    client.end().catch(() => undefined);
    this.retry = setTimeout(() => void this.connect(), RECONNECT_DELAY_MS);
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
