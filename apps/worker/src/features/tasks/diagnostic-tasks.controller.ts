import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { setTimeout as sleep } from 'node:timers/promises';
import { HandlesTask, type TaskMessageOf } from './handles-task.decorator';
import { Attempt, type TaskAttempt, type TaskResult } from './task-attempt';

/** Tasks for tests and demos. */
@Controller()
export class DiagnosticTasksController {
  @HandlesTask('diagnostic.sleep')
  async sleep(
    @Payload() { payload: { ms } }: TaskMessageOf<'diagnostic.sleep'>,
    @Attempt() { signal }: TaskAttempt,
  ): Promise<TaskResult> {
    await sleep(ms, undefined, { signal });
    return { sleptMs: ms };
  }

  /** Fails its first `failTimes` attempts, then succeeds. */
  @HandlesTask('diagnostic.fail')
  async fail(
    @Payload() { payload: { failTimes } }: TaskMessageOf<'diagnostic.fail'>,
    @Attempt() { attempt }: TaskAttempt,
  ): Promise<TaskResult> {
    if (attempt <= failTimes) {
      throw new Error(`attempt ${attempt} of the first ${failTimes} fails on purpose`);
    }
    return { succeededOnAttempt: attempt };
  }
}
