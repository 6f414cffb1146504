import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { DependencyCheck } from '@profile/profile-domain';

const PING_TIMEOUT_MS = 1000;

@Injectable()
export class PostgresHealthCheck implements DependencyCheck {
  readonly name = 'postgres';

  constructor(private readonly typeorm: TypeOrmHealthIndicator) {}

  async check(): Promise<void> {
    const result = await this.typeorm.pingCheck(this.name, { timeout: PING_TIMEOUT_MS });
    const status = result[this.name];
    if (status.status !== 'up') {
      throw new Error(String(status['message'] ?? 'ping failed'));
    }
  }
}
