import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type DeadLetterDetail,
  deadLetterListQuerySchema,
  type DeadLetterPage,
  type DeadLetterReplay,
  messageIdParamsSchema,
} from '@profile/api-contract';
import type { z } from 'zod';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import { ApiIdParameter, ApiQueryParameters } from '../../platform/docs/api-parameters.decorator';
import { schemaRef } from '../../platform/docs/schema-ref';
import { ApiProblemResponses } from '../../platform/problems/api-problem-responses.decorator';
import { ValidationPipe } from '../../platform/validation/validation.pipe';
import { DeadLettersService } from './dead-letters.service';

type MessageIdParams = z.output<typeof messageIdParamsSchema>;

const ApiMessageIdParameter = () => ApiIdParameter('messageId');

/**
 * The messages RabbitMQ dead-lettered (malformed, or failing past their queue's delivery limit),
 * for an operator to inspect, replay where they were first published, or discard.
 */
@ApiTags('dead-letters')
@Controller('api/v1/dead-letters')
@RequiredScope('admin')
@ApiProblemResponses(503)
export class DeadLettersController {
  constructor(private readonly deadLetters: DeadLettersService) {}

  @Get()
  @ApiOperation({
    summary: 'List dead-lettered messages, oldest first, and how many each queue holds',
  })
  @ApiQueryParameters(deadLetterListQuerySchema)
  @ApiOkResponse({ schema: schemaRef('DeadLetterPage') })
  @ApiProblemResponses(400)
  list(
    @Query(new ValidationPipe(deadLetterListQuerySchema))
    { limit }: z.output<typeof deadLetterListQuerySchema>,
  ): Promise<DeadLetterPage> {
    return this.deadLetters.list(limit);
  }

  @Get(':messageId')
  @ApiOperation({ summary: 'Read a dead-lettered message: its headers and body' })
  @ApiMessageIdParameter()
  @ApiOkResponse({ schema: schemaRef('DeadLetterDetail') })
  @ApiProblemResponses(400, 404)
  read(
    @Param(new ValidationPipe(messageIdParamsSchema)) { messageId }: MessageIdParams,
  ): Promise<DeadLetterDetail> {
    return this.deadLetters.read(messageId);
  }

  @Post(':messageId/replay')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publish a dead-lettered message again where it was first published',
    description:
      'Each copy is removed from its dead-letter queue only after RabbitMQ confirmed its ' +
      'republished copy; a failed publish leaves it where it was.',
  })
  @ApiMessageIdParameter()
  @ApiOkResponse({ schema: schemaRef('DeadLetterReplay') })
  @ApiProblemResponses(400, 404, 409)
  async replay(
    @Param(new ValidationPipe(messageIdParamsSchema)) { messageId }: MessageIdParams,
  ): Promise<DeadLetterReplay> {
    return { replayed: await this.deadLetters.replay(messageId) };
  }

  @Delete(':messageId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Discard a dead-lettered message for good' })
  @ApiMessageIdParameter()
  @ApiNoContentResponse()
  @ApiProblemResponses(400, 404)
  discard(
    @Param(new ValidationPipe(messageIdParamsSchema)) { messageId }: MessageIdParams,
  ): Promise<void> {
    return this.deadLetters.discard(messageId);
  }
}
