import { DedicatedSession } from '../database/dedicated-session';
import { OUTBOX_CHANNEL } from './outbox-message';

/**
 * A connection of its own that LISTENs on the outbox channel and calls `onNotify` with the due time
 * of every notification (ms since the epoch), and without one after each (re)connect, since
 * notifications sent while it was away are lost. It reconnects until stopped; the relay's poll
 * covers the gaps.
 */
export class OutboxListener {
  private readonly session: DedicatedSession;

  constructor(databaseUrl: string, onNotify: (dueAt: number | undefined) => void) {
    this.session = new DedicatedSession({
      databaseUrl,
      applicationName: 'profile-api-outbox-listener',
      prepare: (client) => client.on('notification', ({ payload }) => onNotify(dueTime(payload))),
      onConnected: async (client) => {
        await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
        onNotify(undefined);
      },
      onLost: (reason) =>
        `outbox listener disconnected (${reason}); relying on the poll until it reconnects`,
    });
  }

  start(): void {
    this.session.start();
  }

  stop(): Promise<void> {
    return this.session.stop();
  }
}

function dueTime(payload: string | undefined): number | undefined {
  const dueAt = Number(payload);
  return payload && Number.isFinite(dueAt) ? dueAt : undefined;
}
