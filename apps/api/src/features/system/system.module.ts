import { Module } from '@nestjs/common';
import { SystemController } from './system.controller';
import { SystemService } from './system.service';
import { WorkerHealthCheck } from './worker-health.check';

@Module({
  controllers: [SystemController],
  providers: [SystemService, WorkerHealthCheck],
})
export class SystemModule {}
