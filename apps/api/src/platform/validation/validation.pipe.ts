import { Injectable, PipeTransform } from '@nestjs/common';
import { validate, Validated } from '@profile/profile-domain';
import type { z } from 'zod';
import { ApiError } from '../problems/api-error';

/** Validates a body, params or query with a domain validator or zod schema; a failure is a 400 naming each field. */
@Injectable()
export class ValidationPipe<T> implements PipeTransform<unknown, T> {
  private readonly check: (input: unknown) => Validated<T>;

  constructor(validator: z.ZodType<T> | ((input: unknown) => Validated<T>)) {
    this.check =
      typeof validator === 'function' ? validator : (input) => validate(validator, input);
  }

  transform(input: unknown): T {
    const result = this.check(input);
    if (!result.ok) throw ApiError.invalid(result.errors);
    return result.value;
  }
}
