import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { schemaRef } from '../docs/schema-ref';

import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPES, ProblemKind } from './problem-types';

/** Documents the problem responses a route may give, by status. */
export function ApiProblemResponses(...statuses: number[]): ClassDecorator & MethodDecorator {
  return applyDecorators(
    ...statuses.map((status) => {
      const kinds = (Object.keys(PROBLEM_TYPES) as ProblemKind[]).filter(
        (kind) => PROBLEM_TYPES[kind].status === status,
      );
      return ApiResponse({
        status,
        description: kinds.map((kind) => PROBLEM_TYPES[kind].title).join('; '),
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: schemaRef(status === 400 ? 'ValidationProblem' : 'Problem'),
          },
        },
      });
    }),
  );
}
