import type { DataSourceOptions } from 'typeorm';
import type { ApiEnvironment } from '../config/api-environment';
import { entities } from './entities';
import { migrations } from './migrations';

type DatabaseEnvironment = Pick<
  ApiEnvironment,
  'DATABASE_URL' | 'DB_POOL_SIZE' | 'DB_STATEMENT_TIMEOUT_MS'
>;

export const MIGRATIONS_TABLE = 'migrations';

export function databaseOptions(environment: DatabaseEnvironment): DataSourceOptions {
  return {
    type: 'postgres',
    url: environment.DATABASE_URL,
    synchronize: false,
    migrationsRun: false,
    entities,
    migrations,
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+; extensions are the migrations' business.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    applicationName: 'profile-api',
    extra: {
      max: environment.DB_POOL_SIZE,
      connectionTimeoutMillis: 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: environment.DB_STATEMENT_TIMEOUT_MS,
    },
  };
}
