import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  idempotencyKeySchema,
  type Page,
  type TaskAttempts,
  taskListQuerySchema,
  type TaskStats,
} from '@profile/api-contract';
import { CreateTaskRequest, createTaskRequestSchema, Task } from '@profile/profile-domain';
import type { FastifyReply } from 'fastify';
import type { ApiKeyIdentity } from '../../platform/auth/api-key';
import { CurrentApiKey } from '../../platform/auth/current-api-key.decorator';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import {
  ApiHeaderParameter,
  ApiIdParameter,
  ApiQueryParameters,
} from '../../platform/docs/api-parameters.decorator';
import { schemaRef } from '../../platform/docs/schema-ref';
import { RequestId } from '../../platform/http/request-id.decorator';
import {
  IDEMPOTENCY_KEY_HEADER,
  idempotencyKeyOf,
} from '../../platform/idempotency/idempotency-key-header';
import { ApiProblemResponses } from '../../platform/problems/api-problem-responses.decorator';
import { ResourceIdPipe } from '../../platform/validation/resource-id.pipe';
import { ValidationPipe } from '../../platform/validation/validation.pipe';
import { taskListQuery, TaskListRequest } from './task-requests';
import { TaskStatsService } from './task-stats';
import { TasksService } from './tasks.service';

@ApiTags('tasks')
@Controller('api/v1/tasks')
@RequiredScope('read')
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly taskStats: TaskStatsService,
  ) {}

  @Post()
  @RequiredScope('write')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Schedule a task',
    description:
      'Runs after `delayMs` (0 to 7 days) or at `runAt` (a past one is due now). With an ' +
      'Idempotency-Key (kept 24 h per API key), a replay of the same body answers the original ' +
      'task with `Idempotent-Replayed: true`; the same key with another body is a 422.',
  })
  @ApiHeaderParameter('Idempotency-Key', idempotencyKeySchema)
  @ApiBody({ schema: schemaRef('TaskCreate') })
  @ApiAcceptedResponse({ schema: schemaRef('Task') })
  @ApiProblemResponses(400, 413, 415, 422)
  async create(
    @Body() body: unknown,
    @Body(new ValidationPipe(createTaskRequestSchema)) request: CreateTaskRequest,
    @Headers(IDEMPOTENCY_KEY_HEADER) idempotencyKey: string | undefined,
    @CurrentApiKey() key: ApiKeyIdentity,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Task> {
    const { task, replayed } = await this.tasks.create(request, {
      keyName: key.name,
      correlationId: requestId,
      idempotencyKey: idempotencyKeyOf(idempotencyKey),
      body,
    });
    reply.header('location', `/api/v1/tasks/${task.id}`);
    if (replayed) reply.header('idempotent-replayed', 'true');
    return task;
  }

  @Get()
  @ApiOperation({ summary: 'List tasks, newest first' })
  @ApiQueryParameters(taskListQuerySchema)
  @ApiOkResponse({ schema: schemaRef('TaskPage') })
  @ApiProblemResponses(400)
  list(@Query(new ValidationPipe(taskListQuery)) query: TaskListRequest): Promise<Page<Task>> {
    return this.tasks.list({
      limit: query.limit,
      after: query.cursor,
      status: query.status,
      type: query.type,
    });
  }

  @Get('stats')
  @ApiOperation({
    summary: 'Count tasks per status, in all and per type',
    description:
      'The counts are shared by every caller for up to 2 s (`asOf` says when they were taken).',
  })
  @ApiOkResponse({ schema: schemaRef('TaskStats') })
  stats(): Promise<TaskStats> {
    return this.taskStats.stats();
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a task' })
  @ApiIdParameter()
  @ApiOkResponse({ schema: schemaRef('Task') })
  @ApiProblemResponses(400, 404)
  get(@Param('id', ResourceIdPipe) id: string): Promise<Task> {
    return this.tasks.get(id);
  }

  @Get(':id/attempts')
  @ApiOperation({
    summary: "List a task's attempts",
    description:
      'Each attempt the worker started, oldest first: when it was due, started and ended, how ' +
      'long it ran, and why it failed.',
  })
  @ApiIdParameter()
  @ApiOkResponse({ schema: schemaRef('TaskAttempts') })
  @ApiProblemResponses(400, 404)
  attempts(@Param('id', ResourceIdPipe) id: string): Promise<TaskAttempts> {
    return this.tasks.attemptsOf(id);
  }

  @Post(':id/retry')
  @RequiredScope('write')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Run a failed or cancelled task again',
    description:
      'Schedules a new task, due now, with the same type, payload and attempts; its `retryOf` ' +
      "names the original, and the original's `retriedAs` names it. A task is retried once: 409 " +
      'for the second retry, and for a task that is not failed or cancelled.',
  })
  @ApiIdParameter()
  @ApiAcceptedResponse({ schema: schemaRef('Task') })
  @ApiProblemResponses(400, 404, 409)
  async retry(
    @Param('id', ResourceIdPipe) id: string,
    @RequestId() requestId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Task> {
    const retry = await this.tasks.retry(id, requestId);
    reply.header('location', `/api/v1/tasks/${retry.id}`);
    return retry;
  }

  @Post(':id/run-now')
  @RequiredScope('write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Make a scheduled task due now',
    description:
      'Its next attempt goes to the worker at once instead of at `runAt`. 409 once the task is ' +
      'queued, running or finished.',
  })
  @ApiIdParameter()
  @ApiOkResponse({ schema: schemaRef('Task') })
  @ApiProblemResponses(400, 404, 409)
  runNow(@Param('id', ResourceIdPipe) id: string): Promise<Task> {
    return this.tasks.runNow(id);
  }

  @Post(':id/cancel')
  @RequiredScope('write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a task that is still scheduled' })
  @ApiIdParameter()
  @ApiOkResponse({ schema: schemaRef('Task') })
  @ApiProblemResponses(400, 404, 409)
  cancel(@Param('id', ResourceIdPipe) id: string): Promise<Task> {
    return this.tasks.cancel(id);
  }
}
