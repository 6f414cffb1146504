import { Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { type TaskEffect, taskEffectParamsSchema } from '@profile/api-contract';
import { validate } from '@profile/profile-domain';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import { ApiIdParameter } from '../../platform/docs/api-parameters.decorator';
import { schemaRef } from '../../platform/docs/schema-ref';
import { ApiError } from '../../platform/problems/api-error';
import { ApiProblemResponses } from '../../platform/problems/api-problem-responses.decorator';
import { ResourceIdPipe } from '../../platform/validation/resource-id.pipe';
import { ValidationPipe } from '../../platform/validation/validation.pipe';
import { TaskEffectsRepository } from './task-effects.repository';

/**
 * The outside effects of tasks (a welcome sent), which a handler records before it has one, so
 * that a task run again, whichever worker runs it and however often, has each effect once.
 */
@ApiTags('tasks')
@Controller('api/v1/tasks')
@RequiredScope('write')
export class TaskEffectsController {
  constructor(private readonly effects: TaskEffectsRepository) {}

  @Put(':id/effects/:effect')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record an outside effect of a task, for the worker',
    description:
      'A handler records its effect before it has it: `firstTime` is true for the call that ' +
      'recorded it, false for every later one (the task ran before, and had the effect already).',
  })
  @ApiIdParameter()
  @ApiParam({
    name: 'effect',
    required: true,
    schema: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,63}$' },
  })
  @ApiOkResponse({ schema: schemaRef('TaskEffect') })
  @ApiProblemResponses(400, 404)
  async record(
    @Param('id', ResourceIdPipe) taskId: string,
    @Param('effect', new ValidationPipe((effect) => validate(taskEffectParamsSchema, { effect })))
    { effect }: { effect: string },
  ): Promise<TaskEffect> {
    const firstTime = await this.effects.recordFirst(taskId, effect);
    if (firstTime === null) throw new ApiError('not-found', `No task has the id ${taskId}.`);
    return { taskId, effect, firstTime };
  }
}
