import { exec } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createTestDatabase, SERVER_URL, ServiceProcess, TestDatabase } from '@profile/testing';
import { databaseOptions } from '../src/platform/database/database-options';
import { migrations } from '../src/platform/database/migrations';
import { ApiProcess, dist, newProfile, root } from './support/api-under-test';

const run = promisify(exec);

async function query<Row = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<Row[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as Row[];
  } finally {
    await client.end();
  }
}

const migrate = (url: string) =>
  ServiceProcess.run({ script: join(dist, 'migrate.js'), env: { DATABASE_URL: url } });

describe('migrations (against PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase('api_migrations');
    await migrate(database.url);
    dataSource = new DataSource(
      databaseOptions({
        DATABASE_URL: database.url,
        DB_POOL_SIZE: 2,
        DB_STATEMENT_TIMEOUT_MS: 5_000,
      }),
    );
    await dataSource.initialize();
  });

  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await database?.drop();
  });

  it('leave nothing for migration:generate to do: the entities and the schema agree', async () => {
    // The api:migration-check target, as CI would run it: `migration:generate --check` exits 1 and
    // prints the SQL when the entities describe a schema the migrations do not build.
    const target = JSON.parse(readFileSync(join(root, 'apps/api/project.json'), 'utf8')).targets[
      'migration-check'
    ].options as { command: string; env: Record<string, string> };
    const { stdout } = await run(target.command, {
      cwd: root,
      env: { ...process.env, ...target.env, DATABASE_URL: database.url },
    });
    expect(stdout).toContain('No changes in database schema were found');
    // The same comparison in process, to show what it found if it ever fails.
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((sql) => sql.query)).toEqual([]);
  });

  it('create profiles with a UUID key, unique username and lower(email), timestamptz and a version', async () => {
    const columns = await query<{ column_name: string; data_type: string; precision: number }>(
      database.url,
      `SELECT column_name, data_type, datetime_precision AS precision
         FROM information_schema.columns WHERE table_name = 'profiles' ORDER BY column_name`,
    );
    expect(Object.fromEntries(columns.map((c) => [c.column_name, c.data_type]))).toEqual({
      id: 'uuid',
      username: 'character varying',
      email: 'character varying',
      display_name: 'character varying',
      bio: 'character varying',
      avatar_url: 'character varying',
      location: 'character varying',
      version: 'integer',
      created_at: 'timestamp with time zone',
      updated_at: 'timestamp with time zone',
    });
    expect(columns.filter((c) => c.column_name.endsWith('_at')).map((c) => c.precision)).toEqual([
      3, 3,
    ]);

    const indexes = await query<{ indexname: string; indexdef: string }>(
      database.url,
      `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'profiles' ORDER BY indexname`,
    );
    const definitions = Object.fromEntries(indexes.map((i) => [i.indexname, i.indexdef]));
    expect(definitions['profiles_pkey']).toMatch(/UNIQUE INDEX .* \(id\)/);
    expect(definitions['profiles_username_key']).toMatch(/UNIQUE INDEX .* \(username\)/);
    expect(definitions['profiles_email_lower_key']).toMatch(
      /UNIQUE INDEX .* \(lower\(\(email\)::text\)\)/,
    );
    expect(definitions['profiles_created_at_id_idx']).toMatch(/\(created_at, id\)/);

    const [inserted] = await query<{ id: string; version: number }>(
      database.url,
      `INSERT INTO profiles (username, email, display_name) VALUES ('ada', 'Ada@Example.com', 'Ada')
       RETURNING id, version`,
    );
    expect(inserted).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), version: 1 });
    await expect(
      query(
        database.url,
        `INSERT INTO profiles (username, email, display_name) VALUES ('bob', 'ada@example.COM', 'B')`,
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'profiles_email_lower_key' });
  });

  it('index username, displayName and e-mail with pg_trgm for substring search', async () => {
    const [{ available }] = await query<{ available: boolean }>(
      database.url,
      `SELECT count(*) > 0 AS available FROM pg_available_extensions WHERE name = 'pg_trgm'`,
    );
    // This test's server has the extension; the next test covers one where it cannot be installed.
    expect(available).toBe(true);
    const trigram = await query<{ indexname: string }>(
      database.url,
      `SELECT indexname FROM pg_indexes WHERE tablename = 'profiles' AND indexdef LIKE '%gin_trgm_ops%'
       ORDER BY indexname`,
    );
    expect(trigram.map((index) => index.indexname)).toEqual([
      'profiles_display_name_trgm_idx',
      'profiles_email_trgm_idx',
      'profiles_username_trgm_idx',
    ]);
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query(
        `EXPLAIN SELECT id FROM profiles WHERE username ILIKE '%ad%' OR display_name ILIKE '%ad%'
           OR email ILIKE '%ad%'`,
      );
      expect(JSON.stringify(plan.rows)).toMatch(/profiles_username_trgm_idx/);
    } finally {
      await client.end();
    }
  });

  it('roll back with down and apply again', async () => {
    for (let step = 0; step < Object.values(migrations).length; step += 1) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(
      await query(
        database.url,
        `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`,
      ),
    ).toEqual([]);
    await migrate(database.url);
    expect((await dataSource.driver.createSchemaBuilder().log()).upQueries).toEqual([]);
  });
});

describe('migrations where pg_trgm cannot be installed', () => {
  const role = `test_no_trgm_${randomBytes(4).toString('hex')}`;
  let database: TestDatabase;
  let api: ApiProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase('api_no_trgm');
    // A role that may create tables but not extensions (that needs CREATE on the database).
    await query(database.url, `CREATE ROLE ${role} LOGIN`);
    await query(database.url, `GRANT CREATE ON SCHEMA public TO ${role}`);
  });

  afterAll(async () => {
    await api?.process.stop();
    await database?.drop();
    await query(SERVER_URL, `DROP ROLE IF EXISTS ${role}`);
  });

  it('succeed without the trigram indexes, and search still matches (by a scan)', async () => {
    const url = new URL(database.url);
    url.username = role;
    await migrate(url.toString());

    const extensions = await query(
      database.url,
      `SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`,
    );
    expect(extensions).toEqual([]);
    const indexes = await query<{ indexname: string }>(
      database.url,
      `SELECT indexname FROM pg_indexes WHERE tablename = 'profiles' ORDER BY indexname`,
    );
    expect(indexes.map((index) => index.indexname)).toEqual([
      'profiles_created_at_id_idx',
      'profiles_email_lower_key',
      'profiles_pkey',
      'profiles_username_key',
    ]);

    // Neither Redis nor RabbitMQ is needed to create and list profiles.
    api = await ApiProcess.launch({
      DATABASE_URL: url.toString(),
      REDIS_URL: 'redis://127.0.0.1:1',
      RABBITMQ_URL: 'amqp://guest:guest@127.0.0.1:1',
    });
    const body = newProfile({ displayName: 'Searchable Without Trigrams' });
    expect((await api.call('POST', '/api/v1/profiles', { body })).status).toBe(201);
    const found = await api.call('GET', '/api/v1/profiles?q=without%20TRIGRAMS');
    expect(found.json<{ items: Array<{ username: string }> }>().items).toEqual([
      expect.objectContaining({ username: body['username'] }),
    ]);
  });
});
