import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Worker processes hold a lease they renew while they live, and a claimed attempt names the worker
 * that claimed it, so that another delivery may take the attempt over once its worker is gone. A
 * task's handler records each outside effect it has (a welcome sent) once, so that an attempt run
 * again does not repeat it.
 */
export class WorkerLeasesAndTaskEffects1796330000000 implements MigrationInterface {
  name = 'WorkerLeasesAndTaskEffects1796330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "worker_leases" (
        "worker_id" uuid NOT NULL,
        "expires_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        CONSTRAINT "worker_leases_pkey" PRIMARY KEY ("worker_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "worker_leases_expires_at_idx" ON "worker_leases" ("expires_at")`,
    );
    await queryRunner.query(`ALTER TABLE "task_attempts" ADD "claimed_by_worker" uuid`);
    await queryRunner.query(
      `CREATE TABLE "task_effects" (
        "task_id" uuid NOT NULL,
        "effect" character varying(64) NOT NULL,
        "recorded_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT ('now'::text)::timestamp(3) with time zone,
        CONSTRAINT "task_effects_pkey" PRIMARY KEY ("task_id", "effect"),
        CONSTRAINT "task_effects_task_id_fkey" FOREIGN KEY ("task_id")
          REFERENCES "tasks"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "task_effects"`);
    await queryRunner.query(`ALTER TABLE "task_attempts" DROP COLUMN "claimed_by_worker"`);
    await queryRunner.query(`DROP TABLE "worker_leases"`);
  }
}
