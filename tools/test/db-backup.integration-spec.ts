import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, ServiceProcess, TestDatabase } from '@profile/testing';

// make backup / make restore run tools/ops/db-backup.sh and db-restore.sh against the cluster; with
// --local they run the same dump and restore against DATABASE_URL, which this test points at a
// database of its own, migrated by the built api's migrate.js so that the real schema round-trips.

const root = join(__dirname, '../..');
const scripts = join(root, 'tools/ops');

describe('make backup / make restore (against a local PostgreSQL database)', () => {
  let database: TestDatabase;
  let scratch: string;

  beforeAll(async () => {
    database = await createTestDatabase('backup');
    scratch = mkdtempSync(join(tmpdir(), 'backup-'));
    await ServiceProcess.run({
      script: join(root, 'dist/apps/api/migrate.js'),
      env: { DATABASE_URL: database.url },
    });
    await sql(`
      INSERT INTO profiles (username, email, display_name, bio, avatar_url, location) VALUES
        ('ada', 'ada@example.com', 'Ada Lovelace', 'Analyst\tof engines\nand more', NULL, 'London'),
        ('grace', 'Grace@Example.com', 'Grace Hopper', NULL, 'https://example.com/g.png', NULL),
        ('edsger', 'edsger@example.com', 'Edsger Dijkstra ✓ 🧮', NULL, NULL, 'Nuenen')`);
    await sql(
      `INSERT INTO cache_repairs (profile_id, token) SELECT id, gen_random_uuid() FROM profiles WHERE username = 'ada'`,
    );
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
    (await sql('SELECT username FROM profiles ORDER BY username')).map((row) => row['username']);

  /**
   * What a database holds as pg_dump prints it (minus its comments): schema and rows, or the rows
   * only (the COPY blocks of the same full dump: a --data-only dump warns about the self-referencing
   * tasks.retry_of). PostgreSQL may print an expression it parsed back from a dump differently from
   * the one a migration wrote (an `IN (…)` check, say), so schemas are compared between restores of
   * a dump.
   */
  function snapshot(url = database.url, rowsOnly = false): string[] {
    const dump = spawnSync('pg_dump', ['--dbname', url], { encoding: 'utf8' });
    expect(dump.stderr).toBe('');
    // `\restrict` carries a random key per dump; `--` lines are comments with versions.
    const lines = dump.stdout.split('\n').filter((line) => !/^(--|\\(un)?restrict )/.test(line));
    return rowsOnly ? copyBlocks(lines) : lines;
  }

  function copyBlocks(lines: string[]): string[] {
    const rows: string[] = [];
    let copying = false;
    for (const line of lines) {
      if (line.startsWith('COPY ')) copying = true;
      if (copying) rows.push(line);
      if (line === '\\.') copying = false;
    }
    return rows;
  }

  /** The snapshot of the dump restored with plain pg_restore into a new, empty database. */
  async function restoredElsewhere(file: string): Promise<string[]> {
    const reference = await createTestDatabase('backup_reference');
    try {
      const restore = spawnSync(
        'pg_restore',
        ['--no-owner', '--no-privileges', '--exit-on-error', '--dbname', reference.url, file],
        { encoding: 'utf8' },
      );
      expect(restore.stderr).toBe('');
      return snapshot(reference.url);
    } finally {
      await reference.drop();
    }
  }

  function run(script: string, args: string[], input = '', extraEnv: Record<string, string> = {}) {
    return spawnSync('bash', [join(scripts, script), '--local', ...args], {
      env: { PATH: process.env['PATH'], DATABASE_URL: database.url, ...extraEnv },
      input,
      encoding: 'utf8',
    });
  }

  function backup(name: string): string {
    const file = join(scratch, name);
    const result = run('db-backup.sh', [file]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    return file;
  }

  async function changeEverything(): Promise<void> {
    await sql(`DELETE FROM profiles WHERE username = 'grace'`);
    await sql(`UPDATE profiles SET bio = 'changed', version = version + 1 WHERE username = 'ada'`);
    await sql(`INSERT INTO profiles (username, email, display_name) VALUES
      ('barbara', 'barbara@example.com', 'Barbara Liskov')`);
    await sql(`DELETE FROM cache_repairs`);
    await sql(`CREATE TABLE made_after_the_dump (id int PRIMARY KEY)`);
    await sql(`INSERT INTO made_after_the_dump VALUES (1)`);
  }

  it('round-trips the whole database through a dump file, and the file is private', async () => {
    const rowsBefore = snapshot(database.url, true);
    const file = backup('round-trip.dump');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const dumped = await restoredElsewhere(file);

    await changeEverything();
    expect(snapshot(database.url, true)).not.toEqual(rowsBefore);

    const restore = run('db-restore.sh', [file], '', { CONFIRM: 'yes' });
    expect(restore.stderr).toBe('');
    expect(restore.status).toBe(0);
    expect(snapshot(database.url, true)).toEqual(rowsBefore);
    expect(snapshot()).toEqual(dumped);
    expect(await usernames()).toEqual(['ada', 'edsger', 'grace']);
    expect(await sql(`SELECT to_regclass('made_after_the_dump') AS found`)).toEqual([
      { found: null },
    ]);
  });

  it.each([
    ['no answer at all', ''],
    ['another answer', 'yes\n'],
  ])('restores nothing without the confirmation: %s', async (_case, input) => {
    const file = backup('unconfirmed.dump');
    await sql(`INSERT INTO profiles (username, email, display_name) VALUES
      ('alan-${input.length}', 'alan-${input.length}@example.com', 'Alan Turing')`);
    const before = snapshot();

    const restore = run('db-restore.sh', [file], input);

    expect(restore.status).toBe(1);
    expect(restore.stdout).toContain("Type 'restore' to go on");
    expect(restore.stdout).toContain('not restored');
    expect(snapshot()).toEqual(before);
  });

  it('restores once the operator types the confirmation', async () => {
    const rowsBefore = snapshot(database.url, true);
    const file = backup('confirmed.dump');
    await changeEverything();

    const restore = run('db-restore.sh', [file], 'restore\n');

    expect(restore.status).toBe(0);
    expect(restore.stdout).toMatch(/^restored$/m);
    expect(snapshot(database.url, true)).toEqual(rowsBefore);
  });

  it('refuses a file that is not a dump, changing nothing', () => {
    const file = join(scratch, 'garbage.dump');
    writeFileSync(file, 'not a dump');
    const before = snapshot();

    const restore = run('db-restore.sh', [file], '', { CONFIRM: 'yes' });

    expect(restore.status).toBe(1);
    expect(restore.stderr).toContain('is not a dump made by make backup');
    expect(snapshot()).toEqual(before);
  });

  it('changes nothing when the dump cannot be applied to its end', async () => {
    // Only the public schema (the app's) is replaced: another schema of the dump that already
    // exists makes its CREATE SCHEMA fail halfway through the restore.
    await sql(`CREATE SCHEMA reports`);
    const file = backup('conflicting.dump');
    await changeEverything();
    const before = snapshot();

    const restore = run('db-restore.sh', [file], '', { CONFIRM: 'yes' });

    expect(restore.status).not.toBe(0);
    expect(restore.stderr).toContain('schema "reports" already exists');
    expect(snapshot()).toEqual(before);
    await sql(`DROP SCHEMA reports`);
  });

  it('leaves no file behind when the database cannot be dumped', () => {
    const file = join(scratch, 'unreachable.dump');
    const unreachable = new URL(database.url);
    unreachable.pathname = '/no_such_database_for_backup';

    const result = run('db-backup.sh', [file], '', { DATABASE_URL: unreachable.toString() });

    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('no_such_database_for_backup');
    expect(existsSync(file)).toBe(false);
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('targets the cluster without --local, and says when there is none', () => {
    const result = spawnSync('bash', [join(scripts, 'db-backup.sh')], {
      env: { PATH: '/usr/bin:/bin', KUBE_CONTEXT: 'kind-no-such-cluster' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/missing prerequisites:[\s\S]*cluster: /);
  });
});
