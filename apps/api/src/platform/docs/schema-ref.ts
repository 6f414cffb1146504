import type { ApiComponentName } from '@profile/api-contract';

/** A reference to one of the contract's component schemas that setUpApiDocs adds. */
export function schemaRef(name: ApiComponentName): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
