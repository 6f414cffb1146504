import { Injectable, PipeTransform } from '@nestjs/common';
import { idParamsSchema, RESOURCE_ID_PATTERN } from '@profile/api-contract';
import { validate } from '@profile/profile-domain';
import { ApiError } from '../problems/api-error';

/**
 * `:id` of a resource route, for `@Param('id', ResourceIdPipe)`: checked against the contract's
 * pattern and read in lower case, as the contract's schema reads it. Only a refused id goes
 * through the schema, for the contract's own field errors.
 */
@Injectable()
export class ResourceIdPipe implements PipeTransform<string, string> {
  transform(id: string): string {
    if (RESOURCE_ID_PATTERN.test(id)) return id.toLowerCase();
    const result = validate(idParamsSchema, { id });
    throw ApiError.invalid(result.ok ? [] : result.errors);
  }
}
