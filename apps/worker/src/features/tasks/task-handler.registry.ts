import { Injectable } from '@nestjs/common';
import type { TaskMessage, TaskType } from '@profile/profile-domain';
import { DiagnosticFailHandler } from './handlers/diagnostic-fail.handler';
import { DiagnosticSleepHandler } from './handlers/diagnostic-sleep.handler';
import { ProfileCompletenessReminderHandler } from './handlers/profile-completeness-reminder.handler';
import { ProfileWelcomeHandler } from './handlers/profile-welcome.handler';
import type { TaskContext, TaskHandler, TaskResult } from './task-handler';

/** The handler of every task type; the mapped type makes a missing one a compile error. */
@Injectable()
export class TaskHandlerRegistry {
  private readonly handlers: { [T in TaskType]: TaskHandler<T> };

  constructor(
    welcome: ProfileWelcomeHandler,
    reminder: ProfileCompletenessReminderHandler,
    sleep: DiagnosticSleepHandler,
    fail: DiagnosticFailHandler,
  ) {
    this.handlers = {
      [welcome.type]: welcome,
      [reminder.type]: reminder,
      [sleep.type]: sleep,
      [fail.type]: fail,
    };
  }

  run(message: TaskMessage, context: TaskContext): Promise<TaskResult> {
    // The message was validated against its type's schema, so its payload fits that handler.
    const handler = this.handlers[message.type] as TaskHandler;
    return handler.run(message.payload as never, context);
  }
}
