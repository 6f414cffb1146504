import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from '@profile/testing';

const scripts = join(__dirname, '../ops');

describe('make backup / make restore (against a local PostgreSQL database)', () => {
  let database: TestDatabase;
  let scratch: string;

  beforeAll(async () => {
    database = await createTestDatabase('backup');
    scratch = mkdtempSync(join(tmpdir(), 'backup-'));
    await sql(`CREATE TABLE profiles (id int PRIMARY KEY, username text NOT NULL UNIQUE)`);
    await sql(`INSERT INTO profiles VALUES (1, 'ada'), (2, 'grace'), (3, 'edsger')`);
  });

  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await database?.drop();
  });

  async function sql(text: string): Promise<Array<Record<string, unknown>>> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text)).rows;
    } finally {
      await client.end();
    }
  }

  const usernames = async () =>
    (await sql('SELECT username FROM profiles ORDER BY id')).map((row) => row['username']);

  function run(script: string, args: string[], input = '', extraEnv: Record<string, string> = {}) {
    return spawnSync('bash', [join(scripts, script), '--local', ...args], {
      env: { PATH: process.env['PATH'], DATABASE_URL: database.url, ...extraEnv },
      input,
      encoding: 'utf8',
    });
  }

  it('round-trips the database through a dump file', async () => {
    const file = join(scratch, 'round-trip.dump');
    const backup = run('db-backup.sh', [file]);
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);

    await sql(`DELETE FROM profiles WHERE id = 2`);
    await sql(`INSERT INTO profiles VALUES (4, 'barbara')`);
    expect(await usernames()).toEqual(['ada', 'edsger', 'barbara']);

    const restore = run('db-restore.sh', [file], '', { CONFIRM: 'yes' });
    expect(restore.status).toBe(0);
    expect(await usernames()).toEqual(['ada', 'grace', 'edsger']);
  });

  it('restores nothing unless the operator confirms', async () => {
    const file = join(scratch, 'unconfirmed.dump');
    expect(run('db-backup.sh', [file]).status).toBe(0);
    await sql(`INSERT INTO profiles VALUES (5, 'alan')`);

    const restore = run('db-restore.sh', [file], 'no\n');

    expect(restore.status).toBe(1);
    expect(restore.stdout).toContain('not restored');
    expect(await usernames()).toContain('alan');
  });

  it('refuses a file that is not a dump, changing nothing', async () => {
    const file = join(scratch, 'garbage.dump');
    writeFileSync(file, 'not a dump');
    const before = await usernames();

    const restore = run('db-restore.sh', [file], '', { CONFIRM: 'yes' });

    expect(restore.status).toBe(1);
    expect(restore.stderr).toContain('is not a dump made by make backup');
    expect(await usernames()).toEqual(before);
  });
});
