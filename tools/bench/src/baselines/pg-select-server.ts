// The bare limit of a database read: Fastify answering GET /profiles/:id with one primary-key
// SELECT through a pg pool as large as the api's. No auth, validation, metrics or logging.
import Fastify from 'fastify';
import { Pool } from 'pg';

const port = Number(process.env['PORT']);
const pool = new Pool({
  connectionString: process.env['DATABASE_URL'],
  max: Number(process.env['DB_POOL_SIZE'] ?? 10),
});

const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/profiles/:id', async (request, reply) => {
  const { rows } = await pool.query(
    `SELECT id, username, email, display_name, bio, avatar_url, location, version, created_at, updated_at
     FROM profiles WHERE id = $1`,
    [request.params.id],
  );
  if (rows.length === 0) return reply.code(404).send();
  return rows[0];
});
app.get('/ready', async () => {
  await pool.query('SELECT 1');
  return { ready: true };
});

app.listen({ port, host: '127.0.0.1' }).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
process.once('SIGTERM', () => void app.close().then(() => pool.end()));
