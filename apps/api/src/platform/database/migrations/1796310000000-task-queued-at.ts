import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a task's current attempt went out to the worker, so that one lost on the way is noticed. */
export class TaskQueuedAt1796310000000 implements MigrationInterface {
  name = 'TaskQueuedAt1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" ADD "queued_at" TIMESTAMP(3) WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tasks" DROP COLUMN "queued_at"`);
  }
}
