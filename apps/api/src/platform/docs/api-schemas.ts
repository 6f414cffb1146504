import type { OpenAPIObject } from '@nestjs/swagger';
import {
  cacheSnapshotSchema,
  createTaskRequestSchema,
  profileCreateSchema,
  profilePatchSchema,
  profileSchema,
  taskSchema,
  taskStatsSchema,
} from '@profile/profile-domain';
import { z } from 'zod';
import { API_SCOPES } from '../auth/api-key';
import { PROBLEM_TYPES, ProblemKind, problemTypeUri } from '../problems/problem-types';

type SchemaObject = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];

const problemKinds = Object.keys(PROBLEM_TYPES) as ProblemKind[];

const problem = z.object({
  type: z.enum(problemKinds.map(problemTypeUri) as [string, ...string[]]).meta({
    description: problemKinds
      .map((kind) => `\`${problemTypeUri(kind)}\`: ${PROBLEM_TYPES[kind].title}`)
      .join('; '),
  }),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  instance: z.string().meta({ description: 'The request path' }),
  requestId: z.string().meta({ description: 'Also in the X-Request-Id header and the logs' }),
  errorId: z.uuid().optional().meta({ description: 'On a 5xx: the id of the logged error' }),
});

const fieldError = z.object({
  path: z.string().meta({ description: "The field ('' for the whole body)" }),
  message: z.string(),
});

const dependency = z.object({ status: z.enum(['up', 'down']), message: z.string().optional() });

/** The component schemas of the OpenAPI document, from the zod schemas that validate or describe them. */
const schemas = {
  Profile: profileSchema,
  ProfileCreate: profileCreateSchema,
  ProfilePatch: profilePatchSchema,
  ProfilePage: z.object({
    items: z.array(profileSchema),
    nextCursor: z.string().nullable().meta({ description: 'null on the last page' }),
  }),
  Task: taskSchema,
  TaskCreate: createTaskRequestSchema,
  TaskStats: taskStatsSchema,
  TaskPage: z.object({
    items: z.array(taskSchema),
    nextCursor: z.string().nullable().meta({ description: 'null on the last page' }),
  }),
  Problem: problem.extend({ errors: z.array(fieldError).optional() }),
  ValidationProblem: problem.extend({ errors: z.array(fieldError) }),
  WhoAmI: z.object({ name: z.string(), scope: z.enum(API_SCOPES) }),
  Readiness: z.object({
    status: z.enum(['ok', 'error']),
    shuttingDown: z.boolean(),
    details: z.record(z.string(), dependency).meta({
      description: 'postgres, redis and rabbitmq; only postgres being down makes the api unready',
    }),
  }),
  Liveness: z.object({ status: z.literal('ok') }),
  SystemStatus: z.object({
    api: dependency,
    worker: dependency,
    postgres: dependency,
    redis: dependency,
    rabbitmq: dependency,
  }),
  CacheSnapshot: cacheSnapshotSchema,
};

export function apiComponentSchemas(): Record<string, SchemaObject> {
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => [name, toOpenApi(name, schema)]),
  );
}

/**
 * OpenAPI 3.0 of one schema. Schemas with a registry id (the domain's) come back as a reference
 * into `definitions`; those definitions are components here, so references point there.
 */
function toOpenApi(name: string, schema: z.ZodType): SchemaObject {
  const { definitions = {}, ...root } = z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as SchemaObject & { definitions?: Record<string, SchemaObject> };
  const own = definitions[name] ?? root;
  return JSON.parse(
    JSON.stringify(own).replaceAll('"#/definitions/', '"#/components/schemas/'),
  ) as SchemaObject;
}
