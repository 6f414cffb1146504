import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When a task's current attempt went out to the worker, so that one lost on the way is noticed,
 * and which delivery of an attempt claimed it, so that no other delivery runs it again.
 */
export class TaskAttemptTracking1796310000000 implements MigrationInterface {
  name = 'TaskAttemptTracking1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "queued_at" TIMESTAMP(3) WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "task_attempts" ADD "claimed_by" uuid`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "task_attempts" DROP COLUMN "claimed_by"`);
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "queued_at"`);
  }
}
