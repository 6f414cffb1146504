import { connect, type ChannelModel } from 'amqplib';

/** The client-provided name of the suite's own broker connection, which faults spare. */
export const OBSERVER_CONNECTION = 'faults-observer';

// The topology's exchanges (libs/messaging), which the apps declare.
const OBSERVED_EXCHANGES = ['profile.events', 'tasks'] as const;

interface Published {
  exchange: string;
  type: string;
  /** The profile a profile event is about. */
  profileId: string | undefined;
  count: number;
}

/**
 * Counts every message the apps publish to the profile events and tasks exchanges, by message id,
 * through a queue of its own bound to both: a message id counted twice was published twice.
 */
export class PublishedMessages {
  private readonly counts = new Map<string, Published>();

  private constructor(private readonly connection: ChannelModel) {}

  static async observe(vhostUrl: string): Promise<PublishedMessages> {
    const connection = await connect(vhostUrl, {
      clientProperties: { connection_name: OBSERVER_CONNECTION },
    });
    const observer = new PublishedMessages(connection);
    const channel = await connection.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true, autoDelete: true });
    for (const exchange of OBSERVED_EXCHANGES) {
      await channel.checkExchange(exchange);
      await channel.bindQueue(queue, exchange, '#');
    }
    await channel.consume(
      queue,
      (message) => {
        if (!message) return;
        const id = String(message.properties.messageId);
        const seen = observer.counts.get(id);
        if (seen) seen.count += 1;
        else
          observer.counts.set(id, {
            exchange: message.fields.exchange,
            type: String(message.properties.type ?? message.fields.routingKey),
            profileId: profileIdOf(message.content),
            count: 1,
          });
      },
      { noAck: true },
    );
    return observer;
  }

  /** How often each message of `exchange` (and `type`, when given) was published, by id. */
  published(exchange: (typeof OBSERVED_EXCHANGES)[number], type?: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [id, seen] of this.counts) {
      if (seen.exchange === exchange && (type === undefined || seen.type === type))
        counts.set(id, seen.count);
    }
    return counts;
  }

  /** The profiles whose `type` event was published. */
  profilesWith(type: string): Set<string> {
    const profiles = new Set<string>();
    for (const seen of this.counts.values()) {
      if (seen.type === type && seen.profileId) profiles.add(seen.profileId);
    }
    return profiles;
  }

  async close(): Promise<void> {
    await this.connection.close().catch(() => undefined);
  }
}

function profileIdOf(content: Buffer): string | undefined {
  try {
    const body = JSON.parse(content.toString()) as { payload?: { profileId?: unknown } };
    return typeof body.payload?.profileId === 'string' ? body.payload.profileId : undefined;
  } catch {
    return undefined;
  }
}
