import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Consume, queues, RetryLater } from '@profile/messaging';
import {
  TASK_OUTCOME,
  TASK_STARTED,
  taskResultMessageSchema,
  type TaskResultMessage,
} from '@profile/profile-domain';
import { isTransientDatabaseFailure } from '../../platform/problems/database-errors';
import { TaskResultsService } from './task-results.service';

/**
 * The worker's reports on `tasks.results`, which alone move a task past `queued`. A report that
 * meets a database that is down, slow or in conflict is retried later, however long that lasts;
 * only other failures spend the queue's deliveries.
 */
@Controller()
export class TaskResultsController {
  constructor(private readonly results: TaskResultsService) {}

  @Consume(queues.taskResults, [TASK_STARTED, TASK_OUTCOME], taskResultMessageSchema)
  async apply(@Payload() message: TaskResultMessage): Promise<void> {
    try {
      await this.results.apply(message);
    } catch (error) {
      if (!isTransientDatabaseFailure(error)) throw error;
      throw new RetryLater(error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
  }
}
