/**
 * What the worker's handlers did, read from every worker process's JSON log lines: a task
 * attempt's "task attempt finished" (its handler ran to the end and its outcome was sent) and a
 * welcome's "welcome sent" (the welcome channel is the log; the line carries the task's id).
 */
export class WorkerEffects {
  /** Finished runs per task attempt ("<taskId>#<attempt>"). */
  readonly finishedRuns = new Map<string, number>();
  /** Welcomes sent per welcome task id, and per profile id. */
  readonly welcomesByTask = new Map<string, number>();
  readonly welcomesByProfile = new Map<string, number>();

  constructor(logs: readonly string[]) {
    for (const line of logs.join('\n').split('\n')) {
      if (!line.startsWith('{')) continue;
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (entry['message'] === 'task attempt finished') {
        increment(this.finishedRuns, `${String(entry['taskId'])}#${String(entry['attempt'])}`);
      } else if (entry['message'] === 'welcome sent') {
        increment(this.welcomesByTask, String(entry['taskId']));
        increment(this.welcomesByProfile, String(entry['profileId']));
      }
    }
  }

  /** Task attempts whose handler finished more than once, tasks that welcomed more than once. */
  doubledRuns(): string[] {
    return [
      ...[...this.finishedRuns]
        .filter(([, count]) => count > 1)
        .map(([key, count]) => `task attempt ${key}: handler finished ${count} times`),
      ...[...this.welcomesByTask]
        .filter(([, count]) => count > 1)
        .map(([id, count]) => `task ${id}: welcome sent ${count} times`),
    ];
  }

  /** Welcomes sent in all. */
  welcomes(): number {
    return [...this.welcomesByTask.values()].reduce((sum, count) => sum + count, 0);
  }

  /** Profiles welcomed more than once. */
  doubledWelcomes(): string[] {
    return [...this.welcomesByProfile]
      .filter(([, count]) => count > 1)
      .map(([id, count]) => `profile ${id}: welcome sent ${count} times`);
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}
