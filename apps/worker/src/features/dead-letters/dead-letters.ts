// The dead-letter command: `node dead-letters.js list` prints each dead-lettered message as a JSON
// line; `node dead-letters.js replay <message-id>...` republishes those messages where they were
// first published (with confirms) and removes them from the dead-letter queue.
import { listDeadLetters, messagingEnvironmentFields, replayDeadLetters } from '@profile/messaging';
import { parseEnvironment } from '@profile/profile-domain';
import { connect } from 'amqplib';
import { z } from 'zod';

const USAGE = 'usage: dead-letters list | dead-letters replay <message-id>...';

async function main(args: string[]): Promise<number> {
  const [command, ...ids] = args;
  if (!(command === 'list' && ids.length === 0) && !(command === 'replay' && ids.length > 0)) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const { RABBITMQ_URL } = parseEnvironment(z.object(messagingEnvironmentFields), process.env);
  const connection = await connect(RABBITMQ_URL);
  try {
    const channel = await connection.createConfirmChannel();
    if (command === 'list') {
      for (const letter of await listDeadLetters(channel)) {
        process.stdout.write(`${JSON.stringify(letter)}\n`);
      }
      return 0;
    }
    const { replayed, missing } = await replayDeadLetters(channel, ids);
    for (const letter of replayed) {
      process.stdout.write(`${JSON.stringify({ replayed: letter })}\n`);
    }
    for (const id of missing) process.stderr.write(`not found: ${id}\n`);
    return missing.length === 0 ? 0 : 1;
  } finally {
    // Closing returns every message that was read but not replayed to its queue.
    await connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
