import type { SchemaObject } from '@nestjs/swagger';
import { apiComponentSchemas } from '@profile/api-contract';
import { z } from 'zod';

/** The component schemas of the OpenAPI document: the contract's named bodies. */
export function apiComponentSchemaObjects(): Record<string, SchemaObject> {
  return Object.fromEntries(
    Object.entries(apiComponentSchemas).map(([name, schema]) => [name, componentOf(name, schema)]),
  );
}

/**
 * The OpenAPI 3.0 schema of a contract schema, as a request sends it (`input`) or as a handler
 * reads it (`output`: a query parameter's value once decoded, e.g. `limit` as an integer).
 * Schemas with a registry id (the domain's) come back as a reference into `definitions`; those
 * definitions are components here, so references point there.
 */
export function openApiSchemaOf(
  schema: z.ZodType,
  io: 'input' | 'output' = 'input',
): SchemaObject & { definitions?: Record<string, SchemaObject> } {
  const converted = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io,
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      // OpenAPI 3.0 gives `nullable` a meaning only beside `type`; a schema without one (any JSON
      // value) already admits null.
      if (jsonSchema.type === undefined) delete (jsonSchema as { nullable?: boolean }).nullable;
    },
  });
  return JSON.parse(
    JSON.stringify(converted).replaceAll('"#/definitions/', '"#/components/schemas/'),
  ) as SchemaObject;
}

function componentOf(name: string, schema: z.ZodType): SchemaObject {
  const { definitions = {}, ...root } = openApiSchemaOf(schema);
  return definitions[name] ?? root;
}
