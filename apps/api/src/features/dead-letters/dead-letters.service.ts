import { Injectable } from '@nestjs/common';
import type { DeadLetter, DeadLetterDetail, DeadLetterPage } from '@profile/api-contract';
import {
  BrokerUnavailableError,
  DeadLetterQueues,
  NotReplayableError,
  ReplayRefusedError,
} from '@profile/messaging';
import { ApiError } from '../../platform/problems/api-error';

/** The dead-lettered messages for operators: the messaging library's queues, in the api's errors. */
@Injectable()
export class DeadLettersService {
  constructor(private readonly queues: DeadLetterQueues) {}

  list(limit: number): Promise<DeadLetterPage> {
    return whileBrokerAnswers(() => this.queues.list(limit));
  }

  async read(messageId: string): Promise<DeadLetterDetail> {
    const [first] = await whileBrokerAnswers(() => this.queues.read(messageId));
    if (!first) throw notFound(messageId);
    return first;
  }

  async replay(messageId: string): Promise<DeadLetter[]> {
    try {
      return found(messageId, await whileBrokerAnswers(() => this.queues.replay(messageId)));
    } catch (error) {
      if (error instanceof NotReplayableError) {
        throw new ApiError(
          'dead-letter-not-replayable',
          `Message ${messageId} has no x-death header, so nothing says where it was ` +
            'published; it stays in its queue.',
        );
      }
      if (error instanceof ReplayRefusedError) {
        throw new ApiError(
          'broker-unavailable',
          `RabbitMQ did not take the replayed copy of ${messageId} (is its queue full?); the ` +
            'message stays in its dead-letter queue.',
        );
      }
      throw error;
    }
  }

  async discard(messageId: string): Promise<void> {
    found(messageId, await whileBrokerAnswers(() => this.queues.discard(messageId)));
  }
}

function found(messageId: string, letters: DeadLetter[]): DeadLetter[] {
  if (letters.length === 0) throw notFound(messageId);
  return letters;
}

function notFound(messageId: string): ApiError {
  return new ApiError('not-found', `No dead-lettered message has the id ${messageId}.`);
}

async function whileBrokerAnswers<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (!(error instanceof BrokerUnavailableError)) throw error;
    throw new ApiError(
      'broker-unavailable',
      'RabbitMQ is unavailable; the dead-lettered messages cannot be read or changed now.',
    );
  }
}
