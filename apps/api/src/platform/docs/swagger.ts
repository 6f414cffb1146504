import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { ApiComponentName } from '@profile/api-contract';
import { apiComponentSchemaObjects } from './api-schemas';
import { schemaRef } from './schema-ref';

/** Swagger UI at /docs and the OpenAPI 3 document at /docs-json. */
export function setUpApiDocs(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Profile API')
    .setDescription(
      'Profiles on PostgreSQL behind a FIFO cache on Redis, with delayed tasks over RabbitMQ. ' +
        'Every error is application/problem+json (RFC 9457); its `type` is one of the URIs listed ' +
        'in the Problem schema. Every response carries X-Request-Id.',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    // Relative: the api describes itself wherever it is served.
    .addServer('/', 'This api')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key',
      description:
        'The secret of a key in API_KEYS (name:scope:secret); scopes read < write < admin',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...apiComponentSchemaObjects() },
  };
  // No key by default (health, metrics, docs); every /api/v1 operation requires the bearer key.
  document.security = [];
  dropRepeatedSecurity(document);
  describeOperationalRoutes(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}

/** A route whose controller and method both require a scope gets the bearer requirement twice. */
function dropRepeatedSecurity(document: OpenAPIObject): void {
  for (const operation of operations(document)) {
    if (!operation.security) continue;
    const seen = new Set<string>();
    operation.security = operation.security.filter((requirement) => {
      const key = JSON.stringify(requirement);
      return !seen.has(key) && seen.add(key);
    });
  }
}

/** The health routes come from the shared service runtime, which carries no OpenAPI metadata. */
function describeOperationalRoutes(document: OpenAPIObject): void {
  const live = document.paths['/health/live']?.get;
  if (live) {
    live.tags = ['health'];
    live.summary = 'Liveness: checks nothing external';
    live.responses = { 200: { description: 'Alive', content: json('Liveness') } };
  }
  const ready = document.paths['/health/ready']?.get;
  if (ready) {
    ready.tags = ['health'];
    ready.summary = 'Readiness: 200 while PostgreSQL answers, naming each dependency up or down';
    ready.responses = {
      200: { description: 'Ready', content: json('Readiness') },
      503: {
        description: 'PostgreSQL is down or the api is shutting down',
        content: json('Readiness'),
      },
    };
  }
  const metrics = document.paths['/metrics']?.get;
  if (metrics) {
    metrics.tags = ['health'];
    metrics.summary = 'Prometheus metrics';
    metrics.responses = {
      200: {
        description: 'Prometheus text exposition format',
        content: { 'text/plain': { schema: { type: 'string' } } },
      },
    };
  }
}

function json(schema: ApiComponentName) {
  return { 'application/json': { schema: schemaRef(schema) } };
}

function operations(document: OpenAPIObject) {
  return Object.values(document.paths).flatMap((path) =>
    (['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const).flatMap((method) =>
      path[method] ? [path[method]] : [],
    ),
  );
}
