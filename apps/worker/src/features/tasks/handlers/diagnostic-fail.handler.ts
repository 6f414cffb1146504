import { Injectable } from '@nestjs/common';
import type { TaskPayload } from '@profile/profile-domain';
import type { TaskContext, TaskHandler, TaskResult } from '../task-handler';

/** Fails its first `failTimes` attempts, then succeeds. */
@Injectable()
export class DiagnosticFailHandler implements TaskHandler<'diagnostic.fail'> {
  readonly type = 'diagnostic.fail';

  async run(
    { failTimes }: TaskPayload<'diagnostic.fail'>,
    { attempt }: TaskContext,
  ): Promise<TaskResult> {
    if (attempt <= failTimes) {
      throw new Error(`attempt ${attempt} of the first ${failTimes} fails on purpose`);
    }
    return { succeededOnAttempt: attempt };
  }
}
