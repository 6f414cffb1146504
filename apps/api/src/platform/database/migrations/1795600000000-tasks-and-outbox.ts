import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tasks, the outbox that carries both events and task attempts to RabbitMQ, the ids of result
 * messages already applied, and the idempotency keys of task creation.
 */
export class TasksAndOutbox1795600000000 implements MigrationInterface {
  name = 'TasksAndOutbox1795600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "tasks" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "type" character varying(64) NOT NULL,
        "payload" jsonb NOT NULL,
        "status" character varying(16) NOT NULL,
        "run_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "attempts" integer NOT NULL DEFAULT '0',
        "max_attempts" integer NOT NULL,
        "result" jsonb,
        "last_error" character varying(2000),
        "profile_id" uuid,
        "correlation_id" character varying(128) NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT ('now'::text)::timestamp(3) with time zone,
        "started_at" TIMESTAMP(3) WITH TIME ZONE,
        "finished_at" TIMESTAMP(3) WITH TIME ZONE,
        CONSTRAINT "tasks_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "tasks_status_check" CHECK ("status" IN ('scheduled', 'queued', 'running', 'succeeded', 'failed', 'cancelled')),
        CONSTRAINT "tasks_attempts_check" CHECK ("attempts" >= 0 AND "attempts" <= "max_attempts")
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "tasks_created_at_id_idx" ON "tasks" ("created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_status_created_at_id_idx" ON "tasks" ("status", "created_at", "id")`,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_profile_pending_idx" ON "tasks" ("profile_id") WHERE "status" = 'scheduled'`,
    );
    await queryRunner.query(
      `CREATE INDEX "tasks_finished_at_idx" ON "tasks" ("finished_at") WHERE "finished_at" IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "outbox" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "message_id" uuid NOT NULL,
        "exchange" character varying(64) NOT NULL,
        "routing_key" character varying(64) NOT NULL,
        "envelope" jsonb NOT NULL,
        "due_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
        "claimed_until" TIMESTAMP(3) WITH TIME ZONE,
        "publish_attempts" integer NOT NULL DEFAULT '0',
        "last_error" character varying(500),
        "sent_at" TIMESTAMP(3) WITH TIME ZONE,
        "task_id" uuid,
        CONSTRAINT "outbox_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "outbox_message_id_key" UNIQUE ("message_id"),
        CONSTRAINT "outbox_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "outbox_unsent_due_at_idx" ON "outbox" ("due_at") WHERE "sent_at" IS NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_sent_at_idx" ON "outbox" ("sent_at") WHERE "sent_at" IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX "outbox_unsent_task_id_idx" ON "outbox" ("task_id") WHERE "sent_at" IS NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE "applied_messages" (
        "message_id" uuid NOT NULL,
        "applied_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT ('now'::text)::timestamp(3) with time zone,
        CONSTRAINT "applied_messages_pkey" PRIMARY KEY ("message_id")
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "applied_messages_applied_at_idx" ON "applied_messages" ("applied_at")`,
    );

    await queryRunner.query(`
      CREATE TABLE "idempotency_keys" (
        "key_name" character varying(64) NOT NULL,
        "idempotency_key" character varying(255) NOT NULL,
        "request_hash" character(64) NOT NULL,
        "task_id" uuid NOT NULL,
        "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT ('now'::text)::timestamp(3) with time zone,
        CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("key_name", "idempotency_key"),
        CONSTRAINT "idempotency_keys_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "tasks"("id") ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
      )
    `);
    await queryRunner.query(
      `CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys" ("created_at")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "idempotency_keys"`);
    await queryRunner.query(`DROP TABLE "applied_messages"`);
    await queryRunner.query(`DROP TABLE "outbox"`);
    await queryRunner.query(`DROP TABLE "tasks"`);
  }
}
