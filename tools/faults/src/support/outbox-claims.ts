import { Client } from 'pg';
import type { FaultStack } from './fault-stack';

/**
 * Resolves true as soon as the outbox holds rows a relay claimed and has not sent yet (a relay is
 * publishing them), polling the database as fast as it answers; false after `timeoutMs`.
 */
export async function relayHoldsClaims(stack: FaultStack, timeoutMs: number): Promise<boolean> {
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const { rowCount } = await client.query(
        'SELECT 1 FROM outbox WHERE sent_at IS NULL AND claimed_until > now() LIMIT 1',
      );
      if (rowCount) return true;
    }
    return false;
  } finally {
    await client.end();
  }
}
