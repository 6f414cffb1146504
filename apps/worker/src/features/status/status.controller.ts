import { Controller, Get } from '@nestjs/common';
import { WorkerStatus, WorkerStatusReport } from './worker-status';

@Controller('status')
export class StatusController {
  constructor(private readonly status: WorkerStatus) {}

  @Get()
  get(): WorkerStatusReport {
    return this.status.report();
  }
}
