import { Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuditedEvent, messageIdParamsSchema } from '@profile/api-contract';
import type { z } from 'zod';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import { ApiIdParameter } from '../../platform/docs/api-parameters.decorator';
import { schemaRef } from '../../platform/docs/schema-ref';
import { ApiProblemResponses } from '../../platform/problems/api-problem-responses.decorator';
import { ValidationPipe } from '../../platform/validation/validation.pipe';
import { AppliedMessagesRepository } from '../tasks/applied-messages.repository';

/**
 * The profile events whose audit line the worker wrote, by message id, so that each event is
 * audited once across worker processes and restarts. Kept as long as applied result ids.
 */
@ApiTags('audited-events')
@Controller('api/v1/audited-events')
@RequiredScope('write')
export class AuditedEventsController {
  constructor(private readonly inbox: AppliedMessagesRepository) {}

  @Put(':messageId')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Record that a profile event is audited, for the worker',
    description:
      '`firstTime` is true for the call that recorded it, false for every later one (a ' +
      'redelivered or republished event, whose audit line is written already).',
  })
  @ApiIdParameter('messageId')
  @ApiOkResponse({ schema: schemaRef('AuditedEvent') })
  @ApiProblemResponses(400)
  async record(
    @Param(new ValidationPipe(messageIdParamsSchema))
    { messageId }: z.output<typeof messageIdParamsSchema>,
  ): Promise<AuditedEvent> {
    return { messageId, firstTime: await this.inbox.recordOnce(messageId) };
  }
}
