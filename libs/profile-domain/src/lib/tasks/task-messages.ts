import { z } from 'zod';
import { envelopeFields, messageEnvelopeSchema } from '../events/message-envelope';
import { TASK_OUTCOME, TASK_STARTED, taskOutcomeSchema, taskStartedSchema } from './task-results';
import { taskPayloadSchemas, TaskType } from './task-types';

const taskEnvelope = <T extends TaskType>(type: T) =>
  z.strictObject({
    ...envelopeFields,
    type: z.literal(type),
    taskId: z.uuid(),
    /** When the task was due, so the worker can measure how late it started. */
    runAt: z.iso.datetime({ offset: true }),
    payload: taskPayloadSchemas[type],
  });

/** A task message on the `tasks` exchange, routed by its type; `attempt` is the task's attempt. */
export const taskMessageSchema = z.discriminatedUnion('type', [
  taskEnvelope('profile.welcome'),
  taskEnvelope('profile.completeness-reminder'),
  taskEnvelope('diagnostic.sleep'),
  taskEnvelope('diagnostic.fail'),
]);
export type TaskMessage = z.output<typeof taskMessageSchema>;

// Fails to compile when a task type has no message schema above.
export const everyTaskTypeHasAMessage: TaskType extends TaskMessage['type'] ? true : never = true;

/** What the worker sends back on `tasks.results`. */
export const taskResultMessageSchema = z.discriminatedUnion('type', [
  messageEnvelopeSchema(z.literal(TASK_STARTED), taskStartedSchema),
  messageEnvelopeSchema(z.literal(TASK_OUTCOME), taskOutcomeSchema),
]);
export type TaskResultMessage = z.output<typeof taskResultMessageSchema>;
