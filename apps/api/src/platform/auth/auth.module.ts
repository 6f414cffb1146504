import { Module } from '@nestjs/common';
import { ApiKeyRegistry } from './api-key-registry';
import { AuthController } from './auth.controller';

@Module({
  controllers: [AuthController],
  providers: [ApiKeyRegistry],
  exports: [ApiKeyRegistry],
})
export class AuthModule {}
