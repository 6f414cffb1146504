import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A claimed outbox row names the relay that claimed it (the key of the advisory lock that relay
 * holds while it lives), so that another relay may take the row as soon as its owner is gone.
 */
export class OutboxClaimOwner1796320000000 implements MigrationInterface {
  name = 'OutboxClaimOwner1796320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" ADD "claimed_by" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox" DROP COLUMN "claimed_by"`);
  }
}
