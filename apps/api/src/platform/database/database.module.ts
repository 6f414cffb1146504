import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { API_ENVIRONMENT, ApiEnvironment } from '../config/api-environment';
import { databaseOptions } from './database-options';
import { PostgresHealthCheck } from './postgres-health.check';

const STARTUP_RETRIES = 10;
const STARTUP_RETRY_DELAY_MS = 2_000;

/** PostgreSQL through TypeORM (one pool per process), and its health check. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [API_ENVIRONMENT],
      useFactory: (environment: ApiEnvironment) => ({
        ...databaseOptions(environment),
        retryAttempts: STARTUP_RETRIES,
        retryDelay: STARTUP_RETRY_DELAY_MS,
      }),
    }),
    TerminusModule,
  ],
  providers: [PostgresHealthCheck],
  exports: [TypeOrmModule, PostgresHealthCheck],
})
export class DatabaseModule {}
