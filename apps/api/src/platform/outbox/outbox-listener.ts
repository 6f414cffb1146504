import { Logger } from '@nestjs/common';
import { Client } from 'pg';
import { OUTBOX_CHANNEL } from './outbox-message';

const RECONNECT_DELAY_MS = 2_000;

/**
 * A connection of its own that LISTENs on the outbox channel and calls `onNotify` with the due time
 * of every notification (ms since the epoch), and without one after each (re)connect, since
 * notifications sent while it was away are lost. It reconnects until stopped; the relay's poll
 * covers the gaps.
 */
export class OutboxListener {
  private readonly logger = new Logger(OutboxListener.name);
  private client: Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly databaseUrl: string,
    private readonly onNotify: (dueAt: number | undefined) => void,
  ) {}

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.databaseUrl,
      application_name: 'profile-api-outbox-listener',
      connectionTimeoutMillis: 5_000,
    });
    client.on('notification', ({ payload }) => this.onNotify(dueTime(payload)));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.onNotify(undefined);
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    this.logger.warn(
      `outbox listener disconnected (${error instanceof Error ? error.message : 'connection ended'}); relying on the poll until it reconnects`,
    );
    client.end().catch(() => undefined);
    this.retry = setTimeout(() => void this.connect(), RECONNECT_DELAY_MS);
  }
}

function dueTime(payload: string | undefined): number | undefined {
  const dueAt = Number(payload);
  return payload && Number.isFinite(dueAt) ? dueAt : undefined;
}
