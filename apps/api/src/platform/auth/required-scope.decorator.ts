import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { ApiScope } from '@profile/api-contract';
import { ApiProblemResponses } from '../problems/api-problem-responses.decorator';

export const REQUIRED_SCOPE = 'api:required-scope';

/**
 * The scope a route needs. Routes without it (health, metrics, docs) are public and not rate
 * limited; every /api/v1 controller carries it.
 */
export function RequiredScope(scope: ApiScope): ClassDecorator & MethodDecorator {
  return applyDecorators(
    SetMetadata(REQUIRED_SCOPE, scope),
    ApiBearerAuth(),
    ApiProblemResponses(401, 403, 429, 500),
  );
}
