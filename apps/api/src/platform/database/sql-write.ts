import type { EntityManager } from 'typeorm';

/**
 * One data-modifying statement (INSERT, UPDATE or DELETE, without RETURNING) that a repository
 * writes to its own table, its parameters numbered from `firstParam`, so that writes of several
 * repositories can go to PostgreSQL as one statement (see `writeTogether`).
 */
export interface SqlWrite {
  sql: (firstParam: number) => string;
  params: unknown[];
}

/**
 * Runs writes as one statement, each a data-modifying WITH clause: one round trip, atomic even
 * outside a transaction. PostgreSQL runs every such clause to completion, in no set order, so the
 * writes must not depend on each other; constraints are checked at the end of the statement.
 */
export async function writeTogether(
  manager: EntityManager,
  writes: readonly SqlWrite[],
): Promise<void> {
  const { clauses, params } = withClauses(writes, 1);
  await manager.query(`WITH ${clauses.join(', ')} SELECT 1`, params);
}

/**
 * Runs `main`, a write whose SQL ends in RETURNING, together with `writes` as one statement (as
 * writeTogether does) and answers the rows `main` returned.
 */
export async function writeReturning<Row>(
  manager: EntityManager,
  main: SqlWrite,
  writes: readonly SqlWrite[],
): Promise<Row[]> {
  const others = withClauses(writes, 1 + main.params.length);
  return manager.query(
    `WITH main AS (${main.sql(1)}), ${others.clauses.join(', ')} SELECT * FROM main`,
    [...main.params, ...others.params],
  );
}

function withClauses(
  writes: readonly SqlWrite[],
  firstParam: number,
): { clauses: string[]; params: unknown[] } {
  let nextParam = firstParam;
  const clauses = writes.map((write, index) => {
    const clause = `w${index} AS (${write.sql(nextParam)} RETURNING 1)`;
    nextParam += write.params.length;
    return clause;
  });
  return { clauses, params: writes.flatMap((write) => write.params) };
}

/**
 * Deletes the rows of `table` whose `time` column is before `before`, `batch` at a time so that no
 * statement holds many locks; answers how many went. Safe to run on several replicas at once.
 */
export async function deleteOlderThan(
  manager: EntityManager,
  { table, key, time }: { table: string; key: string; time: string },
  before: Date,
  batch = 1_000,
): Promise<number> {
  let total = 0;
  for (;;) {
    const [, deleted]: [unknown, number] = await manager.query(
      `DELETE FROM ${table} WHERE ${key} IN (
         SELECT ${key} FROM ${table} WHERE ${time} < $1 LIMIT ${batch})`,
      [before.toISOString()],
    );
    total += deleted;
    if (deleted < batch) return total;
  }
}
