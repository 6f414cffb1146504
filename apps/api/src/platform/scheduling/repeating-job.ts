import { Logger } from '@nestjs/common';
import { loggableError } from '../problems/loggable-error';

/**
 * Runs `work` every `intervalMs`, measured from the end of the previous run, so runs never
 * overlap. A failed run is logged and the next one comes as usual. `stop` waits for a run in
 * progress, so callers stop it before the connections the work uses close.
 */
export class RepeatingJob {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(
    readonly name: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
  ) {
    this.logger = new Logger(name);
  }

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.work()
        .catch((error: unknown) =>
          this.logger.warn({ error: loggableError(error) }, `${this.name} failed`),
        )
        .finally(() => {
          this.running = undefined;
          this.schedule();
        });
    }, this.intervalMs);
  }
}
