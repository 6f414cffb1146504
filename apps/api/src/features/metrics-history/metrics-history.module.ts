import { Module } from '@nestjs/common';
import { ProfileCacheModule } from '@profile/cache';
import { TasksModule } from '../tasks/tasks.module';
import { MetricSamples } from './metric-samples';
import { MetricsHistoryController } from './metrics-history.controller';
import { MetricsHistoryService } from './metrics-history.service';
import { MetricsSampler } from './metrics-sampler';

/**
 * The metric history consoles draw charts from: every replica samples its counters into Redis
 * each few seconds, and the history reads them back per minute (or asks Prometheus).
 */
@Module({
  imports: [ProfileCacheModule, TasksModule],
  controllers: [MetricsHistoryController],
  providers: [MetricSamples, MetricsSampler, MetricsHistoryService],
})
export class MetricsHistoryModule {}
