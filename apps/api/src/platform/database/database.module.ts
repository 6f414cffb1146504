import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { ApiEnvironment } from '../config/api-environment';
import { databaseOptions } from './database-options';
import { PostgresHealthCheck } from './postgres-health.check';

const STARTUP_RETRIES = 10;
const STARTUP_RETRY_DELAY_MS = 2_000;

@Module({})
export class DatabaseModule {
  static forRoot(environment: ApiEnvironment): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...databaseOptions(environment),
          retryAttempts: STARTUP_RETRIES,
          retryDelay: STARTUP_RETRY_DELAY_MS,
        }),
        TerminusModule,
      ],
      providers: [PostgresHealthCheck],
      exports: [PostgresHealthCheck],
    };
  }
}
