import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys of profile creation: a key names the task or the profile its first request
 * created (exactly one of them), and goes with it.
 */
export class IdempotentProfileCreation1796100000000 implements MigrationInterface {
  name = 'IdempotentProfileCreation1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ALTER COLUMN "task_id" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ADD "profile_id" uuid`);
    await queryRunner.query(`
      ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_profile_id_fkey"
        FOREIGN KEY ("profile_id") REFERENCES "profiles"("id")
        ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
    `);
    await queryRunner.query(`
      ALTER TABLE "idempotency_keys" ADD CONSTRAINT "idempotency_keys_one_resource"
        CHECK (num_nonnulls("task_id", "profile_id") = 1)
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "idempotency_keys" WHERE "task_id" IS NULL`);
    await queryRunner.query(
      `ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_one_resource"`,
    );
    await queryRunner.query(
      `ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_profile_id_fkey"`,
    );
    await queryRunner.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "profile_id"`);
    await queryRunner.query(`ALTER TABLE "idempotency_keys" ALTER COLUMN "task_id" SET NOT NULL`);
  }
}
