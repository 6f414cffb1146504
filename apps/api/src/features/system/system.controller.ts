import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { SystemStatus } from '@profile/api-contract';
import { RequiredScope } from '../../platform/auth/required-scope.decorator';
import { schemaRef } from '../../platform/docs/schema-ref';
import { SystemService } from './system.service';

@ApiTags('system')
@Controller('api/v1/system')
@RequiredScope('read')
export class SystemController {
  constructor(private readonly system: SystemService) {}

  @Get()
  @ApiOperation({ summary: 'Whether the api, the worker, PostgreSQL, Redis and RabbitMQ are up' })
  @ApiOkResponse({ schema: schemaRef('SystemStatus') })
  status(): Promise<SystemStatus> {
    return this.system.status();
  }
}
