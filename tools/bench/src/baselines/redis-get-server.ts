// The bare limit of a cache hit: Fastify answering GET /profiles/:id with one ioredis GET, on a
// client made exactly as the api makes its own. No auth, validation, metrics or logging.
import { createRedisClient } from '@profile/cache';
import Fastify from 'fastify';

const port = Number(process.env['PORT']);
const prefix = process.env['KEY_PREFIX'] ?? 'bench-baseline';
const redis = createRedisClient({
  url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
  commandTimeoutMs: Number(process.env['CACHE_TIMEOUT_MS'] ?? 50),
});

const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/profiles/:id', async (request, reply) => {
  const payload = await redis.get(`${prefix}:${request.params.id}`);
  if (payload === null) return reply.code(404).send();
  return reply.type('application/json').send(payload);
});
app.get('/ready', async () => ({ ready: redis.status === 'ready' }));

app.listen({ port, host: '127.0.0.1' }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
process.once('SIGTERM', () => void app.close().then(() => redis.quit()));
