import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, PROBLEM_KINDS, PROBLEM_TYPES } from '@profile/api-contract';
import { schemaRef } from '../docs/schema-ref';

const REQUEST_ID_HEADER = {
  'X-Request-Id': {
    description: 'The id of the request, as in the body and the logs',
    schema: { type: 'string' },
  },
};

const HEADERS_BY_STATUS: Record<number, Record<string, { description: string; schema: object }>> = {
  401: { 'WWW-Authenticate': { description: 'Bearer', schema: { type: 'string' } } },
  429: {
    'Retry-After': {
      description: 'Seconds until the key (or address) may send again',
      schema: { type: 'integer' },
    },
  },
};

/** Documents the problem responses a route may give, by status. */
export function ApiProblemResponses(...statuses: number[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) => {
      const kinds = PROBLEM_KINDS.filter((kind) => PROBLEM_TYPES[kind].status === status);
      return ApiResponse({
        status,
        description: kinds.map((kind) => PROBLEM_TYPES[kind].title).join('; '),
        headers: { ...REQUEST_ID_HEADER, ...HEADERS_BY_STATUS[status] },
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: schemaRef(status === 400 ? 'ValidationProblem' : 'Problem'),
          },
        },
      });
    }),
  );
}
