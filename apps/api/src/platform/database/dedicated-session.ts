import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const RECONNECT_DELAY_MS = 2_000;

export interface DedicatedSessionOptions {
  databaseUrl: string;
  /** How the session shows in pg_stat_activity. */
  applicationName: string;
  /** Sets up each new client before it connects (event listeners). */
  prepare?: (client: Client) => void;
  /** Runs on each (re)connect, with the connected client. */
  onConnected: (client: Client) => Promise<void>;
  /** Runs when the connection is lost; answers the line to log. */
  onLost: (reason: string) => string;
}

/**
 * A PostgreSQL connection of its own, outside the pool, for what lasts as long as a session (LISTEN,
 * a session-level advisory lock). It reconnects every 2 s after losing the connection, until
 * stopped.
 */
export class DedicatedSession {
  private readonly logger: Logger;
  private client: Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: DedicatedSessionOptions) {
    this.logger = new Logger(options.applicationName);
  }

  start(): void {
    void this.connect();
  }

  /** Ends the session (which frees whatever the session held). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Whether `client` is still this session's connection (not lost or replaced meanwhile). */
  isCurrent(client: Client): boolean {
    return this.client === client;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: this.options.applicationName,
      connectionTimeoutMillis: 5_000,
    });
    this.options.prepare?.(client);
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client));
    this.client = client;
    try {
      await client.connect();
      await this.options.onConnected(client);
    } catch (error) {
      this.lost(client, error);
    }
  }

  private lost(client: Client, error?: unknown): void {
    if (this.client !== client || this.stopped) return;
    this.client = undefined;
    const reason = error instanceof Error ? error.message : 'connection ended';
    this.logger.warn(this.options.onLost(reason));
    client.end().catch(() => undefined);
    this.retry = setTimeout(() => void this.connect(), RECONNECT_DELAY_MS);
  }
}
