import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { schemaRef } from '../docs/schema-ref';
import type { ApiKeyIdentity } from './api-key';
import { CurrentApiKey } from './current-api-key.decorator';
import { RequiredScope } from './required-scope.decorator';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  @Get('whoami')
  @RequiredScope('read')
  @ApiOperation({ summary: 'The name and scope of the calling API key' })
  @ApiOkResponse({ schema: schemaRef('WhoAmI') })
  whoami(@CurrentApiKey() key: ApiKeyIdentity): ApiKeyIdentity {
    return { name: key.name, scope: key.scope };
  }
}
