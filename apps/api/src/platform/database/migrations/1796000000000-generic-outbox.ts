import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox holds any message, not only events and task attempts: it loses its task_id column
 * (and the foreign key to tasks), and a statement trigger notifies relays of every insert, so that
 * whoever enqueues needs only an INSERT. The notification's payload is the earliest due time the
 * statement added, in milliseconds since the epoch.
 */
export class GenericOutbox1796000000000 implements MigrationInterface {
  name = 'GenericOutbox1796000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "outbox_unsent_task_id_idx"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP CONSTRAINT "outbox_task_id_fkey"`);
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "task_id"`);
    await queryRunner.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify(
          'outbox',
          (SELECT floor(extract(epoch FROM min(due_at)) * 1000)::bigint FROM added)::text
        );
        RETURN NULL;
      END
      $$
    `);
    await queryRunner.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON "outbox"
      REFERENCING NEW TABLE AS added
      FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER outbox_notify ON "outbox"`);
    await queryRunner.query(`DROP FUNCTION outbox_notify()`);
    await queryRunner.query(`ALTER TABLE "outbox" ADD "task_id" uuid`);
    await queryRunner.query(`
      UPDATE "outbox" SET "task_id" = ("envelope"->>'taskId')::uuid
      WHERE "exchange" = 'tasks' AND "envelope"->>'taskId' IN (SELECT "id"::text FROM "tasks")
    `);
    await queryRunner.query(
      `ALTER TABLE "outbox" ADD CONSTRAINT "outbox_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_unsent_task_id_idx" ON "outbox" ("task_id") WHERE "sent_at" IS NULL`,
    );
  }
}
