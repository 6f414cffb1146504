import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Consume, queues } from '@profile/messaging';
import {
  TASK_OUTCOME,
  TASK_STARTED,
  taskResultMessageSchema,
  type TaskResultMessage,
} from '@profile/profile-domain';
import { TaskResultsService } from './task-results.service';

/** The worker's reports on `tasks.results`, which alone move a task past `queued`. */
@Controller()
export class TaskResultsController {
  constructor(private readonly results: TaskResultsService) {}

  @Consume(queues.taskResults, [TASK_STARTED, TASK_OUTCOME], taskResultMessageSchema)
  apply(@Payload() message: TaskResultMessage): Promise<void> {
    return this.results.apply(message);
  }
}
