import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The entity a raw row of its table describes (as `RETURNING *` answers it), each column read
 * under its database name; pg has already parsed timestamps, numbers and JSON.
 */
export function entityFromRow<Entity extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<Entity>,
  row: Record<string, unknown>,
): Entity {
  const entity = manager.create(target);
  for (const column of manager.connection.getMetadata(target).columns) {
    column.setEntityValue(entity, row[column.databaseName]);
  }
  return entity;
}
