import { Injectable } from '@nestjs/common';
import { type AttemptMinutes, TaskAttemptsRepository } from './task-attempts.repository';

/** What the worker did per minute, from the attempts the api recorded: for the metric history. */
@Injectable()
export class TaskActivity {
  constructor(private readonly attempts: TaskAttemptsRepository) {}

  perMinute(since: Date): Promise<AttemptMinutes> {
    return this.attempts.perMinute(since);
  }
}
