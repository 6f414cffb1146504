import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiParam, ApiQuery } from '@nestjs/swagger';
import { resourceIdSchema } from '@profile/api-contract';
import type { z } from 'zod';
import { openApiSchemaOf } from './api-schemas';

/** A parameter's schema with its description lifted to the parameter, where Swagger UI shows it. */
function parameterOf(schema: z.ZodType, io: 'input' | 'output') {
  const { description, ...rest } = openApiSchemaOf(schema, io);
  return { description, schema: rest, required: !schema.safeParse(undefined).success };
}

/**
 * Documents each field of a contract query schema as a query parameter, typed as the handler
 * reads it once decoded (`limit` an integer, not the digits on the wire).
 */
export function ApiQueryParameters(query: z.ZodObject<Record<string, z.ZodType>>): MethodDecorator {
  return applyDecorators(
    ...Object.entries(query.shape).map(([name, field]) =>
      ApiQuery({ name, ...parameterOf(field, 'output') }),
    ),
  );
}

/** Documents the `:id` path parameter of a resource route (or the UUID parameter `name`). */
export function ApiIdParameter(name = 'id'): MethodDecorator {
  const { schema } = parameterOf(resourceIdSchema, 'input');
  return ApiParam({ name, required: true, schema });
}

/** Documents a request header with its contract schema. */
export function ApiHeaderParameter(name: string, schema: z.ZodType): MethodDecorator {
  return ApiHeader({ name, ...parameterOf(schema, 'input') });
}
