import { Controller, Delete, Get, HttpCode } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CacheSnapshot, CacheUnavailableError, ProfileCache } from '@profile/cache';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import { schemaRef } from '../../platform/docs/schema-ref';
import { ApiError } from '../../platform/problems/api-error';
import { ApiProblemResponses } from '../../platform/problems/api-problem-responses.decorator';

@ApiTags('cache')
@Controller('api/v1/cache')
@RequiredScope('admin')
@ApiProblemResponses(503)
export class CacheAdminController {
  constructor(private readonly cache: ProfileCache) {}

  @Get()
  @ApiOperation({
    summary: 'The cache entries, oldest (next to be evicted) first, and global stats',
  })
  @ApiOkResponse({ schema: schemaRef('CacheSnapshot') })
  entries(): Promise<CacheSnapshot> {
    return whileRedisAnswers(() => this.cache.entries());
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Empty the cache (the stats survive)' })
  @ApiNoContentResponse()
  clear(): Promise<void> {
    return whileRedisAnswers(() => this.cache.clear());
  }
}

async function whileRedisAnswers<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof CacheUnavailableError)) throw error;
    throw new ApiError(
      'cache-unavailable',
      'Redis is unavailable; the cache cannot be shown or changed now.',
    );
  }
}
