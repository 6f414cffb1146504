import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MetricsHistory } from '@profile/api-contract';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import { schemaRef } from '../../platform/docs/schema-ref';
import { ApiProblemResponses } from '../../platform/problems/api-problem-responses.decorator';
import { MetricsHistoryService } from './metrics-history.service';

@ApiTags('metrics')
@Controller('api/v1/metrics')
@RequiredScope('read')
export class MetricsHistoryController {
  constructor(private readonly metrics: MetricsHistoryService) {}

  @Get('history')
  @ApiOperation({
    summary: 'Per-minute samples of the last hour',
    description:
      'Requests per second and p50/p99 latency by route, the cache hit ratio and evictions, ' +
      'task attempts by outcome and how late they started. From Prometheus when the api has ' +
      "PROMETHEUS_URL, else from the api replicas' own samples in Redis and the recorded task " +
      'attempts. One answer serves every caller for up to 5 s.',
  })
  @ApiOkResponse({ schema: schemaRef('MetricsHistory') })
  @ApiProblemResponses(503)
  history(): Promise<MetricsHistory> {
    return this.metrics.history();
  }
}
