// Runs the pending migrations once and exits: `nx run api:migrate` locally, a Job per deploy in Kubernetes.
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { loadApiEnvironment } from './platform/config/api-environment';
import { databaseOptions } from './platform/database/database-options';
import { ensureDatabase } from './platform/database/ensure-database';
import { loadEnvironmentOrExit } from '@profile/service-core';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { 'create-database': { type: 'boolean', default: false } },
  });
  const environment = loadEnvironmentOrExit(() => loadApiEnvironment());
  if (values['create-database'] && (await ensureDatabase(environment.DATABASE_URL))) {
    log('created the database');
  }

  const dataSource = new DataSource(databaseOptions(environment));
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    log(
      applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'no pending migrations',
    );
  } finally {
    await dataSource.destroy();
  }
}

function log(message: string): void {
  process.stdout.write(`${JSON.stringify({ level: 'info', service: 'api-migrate', message })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `migration failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
