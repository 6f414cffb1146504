import type { FieldError } from '@profile/profile-domain';

/** Field errors by the top-level field they concern (`payload.ms` → `payload`); '' is the whole form. */
export type FieldMessages = Partial<Record<string, string>>;

export function messagesByField(errors: readonly FieldError[]): FieldMessages {
  const messages: FieldMessages = {};
  for (const { path, message } of errors) {
    const [field = ''] = path.split('.');
    const detail = path.includes('.') ? `${path.slice(field.length + 1)} ${message}` : message;
    messages[field] = messages[field] ? `${messages[field]}; ${detail}` : detail;
  }
  return messages;
}
