import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A cache repair is written in the transaction of the change it repairs, with a token of that
 * change: whoever brings the cache up to date deletes the record only if it still holds the token it
 * read, so a newer change's record survives for the next repair.
 */
export class CacheRepairTokens1796300000000 implements MigrationInterface {
  name = 'CacheRepairTokens1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "cache_repairs" ADD "token" uuid`);
    await queryRunner.query(`UPDATE "cache_repairs" SET "token" = gen_random_uuid()`);
    await queryRunner.query(`ALTER TABLE "cache_repairs" ALTER COLUMN "token" SET NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "cache_repairs" ADD CONSTRAINT "cache_repairs_token_key" UNIQUE ("token")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "cache_repairs" DROP CONSTRAINT "cache_repairs_token_key"`,
    );
    await queryRunner.query(`ALTER TABLE "cache_repairs" DROP COLUMN "token"`);
  }
}
