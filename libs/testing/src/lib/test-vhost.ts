import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const AMQP_URL = process.env['TEST_RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface TestVhost {
  name: string;
  /** The broker's URL with this vhost, optionally through another port (e.g. a TcpProxy's). */
  url(port?: number): string;
  /** The queues of the vhost with their arguments, as the broker holds them. */
  queueArguments(): Promise<Record<string, Record<string, unknown>>>;
  /** Applies a policy to the queues whose names match `pattern`. */
  setPolicy(name: string, pattern: string, definition: Record<string, unknown>): Promise<void>;
  clearPolicy(name: string): Promise<void>;
  delete(): Promise<void>;
}

/**
 * A RabbitMQ vhost of its own for one test file, made with `rabbitmqctl` (which the broker's
 * host has, with or without the management plugin); `delete` removes it with everything in it.
 */
export async function createTestVhost(label: string): Promise<TestVhost> {
  const name = `test_${label.replace(/\W/g, '_')}_${randomBytes(4).toString('hex')}`;
  const user = new URL(AMQP_URL).username || 'guest';
  await rabbitmqctl('add_vhost', name);
  await rabbitmqctl('set_permissions', '-p', name, user, '.*', '.*', '.*');
  return {
    name,
    url: (port) => {
      const url = new URL(AMQP_URL);
      if (port !== undefined) url.port = String(port);
      url.pathname = `/${encodeURIComponent(name)}`;
      return url.toString();
    },
    queueArguments: async () => {
      const listed = JSON.parse(
        await rabbitmqctl('list_queues', '-p', name, 'name', 'arguments', '--formatter', 'json'),
      ) as Array<{ name: string; arguments: unknown[][] | Record<string, unknown> }>;
      // Listed as [name, AMQP type, value] triples by 3.x, as an object by later versions.
      return Object.fromEntries(
        listed.map((queue) => [
          queue.name,
          Array.isArray(queue.arguments)
            ? Object.fromEntries(queue.arguments.map((entry) => [entry[0], entry.at(-1)]))
            : queue.arguments,
        ]),
      );
    },
    setPolicy: async (policy, pattern, definition) => {
      await rabbitmqctl(
        'set_policy',
        '-p',
        name,
        '--apply-to',
        'queues',
        policy,
        pattern,
        JSON.stringify(definition),
      );
    },
    clearPolicy: async (policy) => {
      await rabbitmqctl('clear_policy', '-p', name, policy);
    },
    delete: async () => {
      await rabbitmqctl('delete_vhost', name);
    },
  };
}

async function rabbitmqctl(...args: string[]): Promise<string> {
  const { stdout } = await run('rabbitmqctl', ['-q', ...args]);
  return stdout;
}
