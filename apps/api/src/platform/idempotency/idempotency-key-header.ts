import { idempotencyKeySchema } from '@profile/api-contract';
import { ValidationPipe } from '../validation/validation.pipe';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

const validKey = new ValidationPipe(idempotencyKeySchema);

/** The `Idempotency-Key` header of a create, if sent; a malformed one is a 400. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  return validKey.transform(header);
}
