import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The attempts of each task (when each was due, started and ended, and how), which the api writes
 * as it applies the worker's results, and the link from a retried task to the task it runs again.
 */
export class TaskAttemptsAndRetries1796200000000 implements MigrationInterface {
  name = 'TaskAttemptsAndRetries1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "task_attempts" (
        "task_id" uuid NOT NULL,
        "attempt" integer NOT NULL,
        "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "started_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "finished_at" TIMESTAMP(3) WITH TIME ZONE,
        "outcome" character varying(16),
        "error" character varying(2000),
        CONSTRAINT "task_attempts_outcome_check" CHECK ("outcome" IN ('succeeded', 'failed')),
        CONSTRAINT "task_attempts_pkey" PRIMARY KEY ("task_id", "attempt"),
        CONSTRAINT "task_attempts_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id")
          ON DELETE CASCADE ON UPDATE NO ACTION
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "task_attempts_started_at_idx" ON "task_attempts" ("started_at")`,
    );
    await queryRunner.query(
      `CREATE INDEX "task_attempts_finished_at_idx" ON "task_attempts" ("finished_at")`,
    );
    await queryRunner.query(`ALTER TABLE "tasks" ADD "retry_of" uuid`);
    await queryRunner.query(`CREATE UNIQUE INDEX "tasks_retry_of_key" ON "tasks" ("retry_of")`);
    await queryRunner.query(
      `ALTER TABLE "tasks" ADD CONSTRAINT "tasks_retry_of_fkey" FOREIGN KEY ("retry_of") REFERENCES "tasks"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP CONSTRAINT "tasks_retry_of_fkey"`);
    await queryRunner.query(`DROP INDEX "tasks_retry_of_key"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "retry_of"`);
    await queryRunner.query(`DROP TABLE "task_attempts"`);
  }
}
