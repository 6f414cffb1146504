import { Injectable } from '@nestjs/common';
import type { TaskPayload } from '@profile/profile-domain';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TaskContext, TaskHandler, TaskResult } from '../task-handler';

@Injectable()
export class DiagnosticSleepHandler implements TaskHandler<'diagnostic.sleep'> {
  readonly type = 'diagnostic.sleep';

  async run({ ms }: TaskPayload<'diagnostic.sleep'>, { signal }: TaskContext): Promise<TaskResult> {
    await sleep(ms, undefined, { signal });
    return { sleptMs: ms };
  }
}
