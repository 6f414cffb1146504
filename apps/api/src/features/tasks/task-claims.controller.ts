import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  attemptParamsSchema,
  type TaskClaim,
  taskClaimSchema,
  type TaskClaimResults,
  type TaskClaimsRequest,
  taskClaimsRequestSchema,
} from '@profile/api-contract';
import { type Task, validate } from '@profile/profile-domain';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import { ApiIdParameter } from '../../platform/docs/api-parameters.decorator';
import { schemaRef } from '../../platform/docs/schema-ref';
import { ApiError } from '../../platform/problems/api-error';
import { ApiProblemResponses } from '../../platform/problems/api-problem-responses.decorator';
import { ResourceIdPipe } from '../../platform/validation/resource-id.pipe';
import { ValidationPipe } from '../../platform/validation/validation.pipe';
import { TaskClaims, toClaimResult } from './task-claims';
import { toTask } from './task-representation';

/** The worker's claims of task attempts (see TaskClaims), in batches or one at a time. */
@ApiTags('tasks')
@Controller('api/v1')
@RequiredScope('write')
export class TaskClaimsController {
  constructor(private readonly claims: TaskClaims) {}

  @Post('task-claims')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Claim attempts of tasks, for the worker',
    description:
      'The worker claims each attempt before it runs it, naming the delivery of its message and ' +
      'its own process, up to 100 at a time: a claimed attempt is recorded as started and its ' +
      'task is running. Each claim answers, in order, `claimed` (the same delivery may claim ' +
      'again), `held` while another delivery holds the attempt and its worker’s lease runs (try ' +
      'again after `retryAfterMs`; once the lease has expired, the worker died and the claim ' +
      'takes the attempt over), `not-claimable` when the task has finished or is on another ' +
      'attempt, or `not-found`. So a redelivered or republished task message does not run while ' +
      'the attempt’s worker lives.',
  })
  @ApiBody({ schema: schemaRef('TaskClaims') })
  @ApiOkResponse({ schema: schemaRef('TaskClaimResults') })
  @ApiProblemResponses(400, 415)
  async claimAll(
    @Body(new ValidationPipe(taskClaimsRequestSchema)) { workerId, claims }: TaskClaimsRequest,
  ): Promise<TaskClaimResults> {
    const decisions = await this.claims.claimAll(workerId, claims);
    return { items: claims.map((claim, index) => toClaimResult(claim, decisions[index])) };
  }

  @Post('tasks/:id/attempts/:attempt/claim')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Claim one attempt of a task, for the worker',
    description:
      'One claim of `POST /api/v1/task-claims`, answered with the task when claimed; 409 ' +
      '`attempt-held` with Retry-After while another delivery holds the attempt and its worker’s ' +
      'lease runs, 409 `attempt-not-claimable` when the task has finished or is on another attempt.',
  })
  @ApiIdParameter()
  @ApiParam({
    name: 'attempt',
    required: true,
    schema: { type: 'integer', minimum: 1, maximum: 1000 },
  })
  @ApiBody({ schema: schemaRef('TaskClaim') })
  @ApiOkResponse({ schema: schemaRef('Task') })
  @ApiProblemResponses(400, 404, 409, 415)
  async claimOne(
    @Param('id', ResourceIdPipe) taskId: string,
    @Param('attempt', new ValidationPipe((attempt) => validate(attemptParamsSchema, { attempt })))
    { attempt }: { attempt: number },
    @Body(new ValidationPipe(taskClaimSchema)) { deliveryId, workerId }: TaskClaim,
  ): Promise<Task> {
    const [decision] = await this.claims.claimAll(workerId, [{ taskId, attempt, deliveryId }]);
    switch (decision.status) {
      case 'claimed':
        return toTask(decision.task);
      case 'held':
        throw new ApiError(
          'attempt-held',
          decision.detail,
          [],
          Math.ceil(decision.retryAfterMs / 1000),
        );
      case 'not-claimable':
        throw new ApiError('attempt-not-claimable', decision.detail);
      case 'not-found':
        throw new ApiError('not-found', decision.detail);
    }
  }
}
