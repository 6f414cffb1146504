import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { apiComponentSchemas } from './api-schemas';

/** Swagger UI at /docs and the OpenAPI 3 document at /docs-json. */
export function setUpApiDocs(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Profile API')
    .setDescription(
      'Profiles on PostgreSQL behind a FIFO cache on Redis, with delayed tasks over RabbitMQ. ' +
        'Every error is application/problem+json (RFC 9457); its `type` is one of the URIs listed ' +
        'in the Problem schema.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...apiComponentSchemas() },
  };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
