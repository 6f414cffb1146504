import { Module } from '@nestjs/common';
import { StatusController } from './status.controller';
import { WorkerStatus } from './worker-status';

/** `GET /status`: what this process has done since it started, which the task attempts report. */
@Module({ controllers: [StatusController], providers: [WorkerStatus], exports: [WorkerStatus] })
export class StatusModule {}
