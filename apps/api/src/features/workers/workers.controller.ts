import { Controller, Delete, HttpCode, Inject, Param, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type WorkerLease, workerIdParamsSchema } from '@profile/api-contract';
import type { z } from 'zod';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import { API_ENVIRONMENT, ApiEnvironment } from '../../platform/config/api-environment';
import { ApiIdParameter } from '../../platform/docs/api-parameters.decorator';
import { schemaRef } from '../../platform/docs/schema-ref';
import { ApiProblemResponses } from '../../platform/problems/api-problem-responses.decorator';
import { ValidationPipe } from '../../platform/validation/validation.pipe';
import { WorkerLeasesRepository } from './worker-leases.repository';

type WorkerIdParams = z.output<typeof workerIdParamsSchema>;

/**
 * The leases of the worker processes: a worker renews its lease while it lives, and an attempt it
 * claimed stays its own until the lease expires (see TaskClaims).
 */
@ApiTags('workers')
@Controller('api/v1/workers')
@RequiredScope('write')
export class WorkersController {
  constructor(
    private readonly leases: WorkerLeasesRepository,
    @Inject(API_ENVIRONMENT) private readonly environment: ApiEnvironment,
  ) {}

  @Put(':workerId/lease')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Take or renew a worker process’s lease, for the worker',
    description:
      'The lease lasts WORKER_LEASE_MS from now; the worker renews it after `renewAfterMs`. ' +
      'Once it has expired, a new delivery of an attempt the worker claimed may take it over.',
  })
  @ApiIdParameter('workerId')
  @ApiOkResponse({ schema: schemaRef('WorkerLease') })
  @ApiProblemResponses(400)
  async renew(
    @Param(new ValidationPipe(workerIdParamsSchema)) { workerId }: WorkerIdParams,
  ): Promise<WorkerLease> {
    const leaseMs = this.environment.WORKER_LEASE_MS;
    const expiresAt = await this.leases.renew(workerId, leaseMs);
    return { workerId, expiresAt: expiresAt.toISOString(), renewAfterMs: Math.floor(leaseMs / 3) };
  }

  @Delete(':workerId/lease')
  @HttpCode(204)
  @ApiOperation({
    summary: 'End a worker process’s lease, for the worker as it shuts down',
    description: 'The attempts it claimed may be taken over at once.',
  })
  @ApiIdParameter('workerId')
  @ApiNoContentResponse({ description: 'The lease has ended (or there was none).' })
  @ApiProblemResponses(400)
  async release(
    @Param(new ValidationPipe(workerIdParamsSchema)) { workerId }: WorkerIdParams,
  ): Promise<void> {
    await this.leases.release(workerId);
  }
}
