import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Profiles and the cache repair queue. Search uses pg_trgm GIN indexes where the extension can be
 * installed; where it cannot (a managed server without it, a role without the right), the
 * migration still succeeds and search falls back to a sequential ILIKE scan.
 */
export class Profiles1795517116938 implements MigrationInterface {
  name = 'Profiles1795517116938';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "profiles" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "username" character varying(32) NOT NULL,
        "email" character varying(254) NOT NULL,
        "display_name" character varying(100) NOT NULL,
        "bio" character varying(1000),
        "avatar_url" character varying(2048),
        "location" character varying(100),
        "version" integer NOT NULL DEFAULT '1',
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT ('now'::text)::timestamp(3) with time zone,
        "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT ('now'::text)::timestamp(3) with time zone,
        CONSTRAINT "profiles_username_key" UNIQUE ("username"),
        CONSTRAINT "profiles_pkey" PRIMARY KEY ("id")
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "profiles_created_at_id_idx" ON "profiles" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "profiles_email_lower_key" ON "profiles" (lower("email"))`,
    );
    await queryRunner.query(`
      CREATE TABLE "cache_repairs" (
        "profile_id" uuid NOT NULL,
        "recorded_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT ('now'::text)::timestamp(3) with time zone,
        CONSTRAINT "cache_repairs_pkey" PRIMARY KEY ("profile_id")
      )
    `);
    // The exception block runs in a subtransaction, so a failed CREATE EXTENSION does not abort
    // the migration's transaction.
    await queryRunner.query(`
      DO $$
      BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm is unavailable (%): profile search will scan sequentially', SQLERRM;
      END
      $$
    `);
    await queryRunner.query(`
      DO $$
      BEGIN
        IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          CREATE INDEX "profiles_username_trgm_idx" ON "profiles" USING gin ("username" gin_trgm_ops);
          CREATE INDEX "profiles_display_name_trgm_idx" ON "profiles" USING gin ("display_name" gin_trgm_ops);
          CREATE INDEX "profiles_email_trgm_idx" ON "profiles" USING gin ("email" gin_trgm_ops);
        END IF;
      END
      $$
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The extension stays: other objects may have come to use it.
    await queryRunner.query(`DROP TABLE "cache_repairs"`);
    await queryRunner.query(`DROP TABLE "profiles"`);
  }
}
