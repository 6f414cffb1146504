import { BaseRpcContext } from '@nestjs/microservices';
import type { ConsumeMessage } from 'amqplib';

type AmqpContextArgs = [message: ConsumeMessage, queue: string, signal: AbortSignal];

/** What a message handler may learn of its delivery, beside the validated payload (`@Ctx()`). */
export class AmqpContext extends BaseRpcContext<AmqpContextArgs> {
  get message(): ConsumeMessage {
    return this.args[0];
  }

  get queue(): string {
    return this.args[1];
  }

  /** Aborted when shutdown stops waiting; the handler then gives up and the message is requeued. */
  get signal(): AbortSignal {
    return this.args[2];
  }

  get redelivered(): boolean {
    return this.args[0].fields.redelivered;
  }
}
