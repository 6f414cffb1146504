import { z } from 'zod';

/** `PUT /api/v1/audited-events/:messageId`: whether this call recorded the event's audit first. */
export const auditedEventSchema = z.strictObject({
  messageId: z.uuid(),
  firstTime: z.boolean().meta({
    description: 'false when the event was recorded before: its audit line is written already',
  }),
});
export type AuditedEvent = z.output<typeof auditedEventSchema>;
