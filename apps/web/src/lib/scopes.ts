import { type ApiScope, scopeAllows } from '@profile/api-contract';

/** What an operator with a scope may do in the console, for the pages to offer. */
export function abilitiesOf(scope: ApiScope) {
  return {
    edit: scopeAllows(scope, 'write'),
    schedule: scopeAllows(scope, 'write'),
    /** The cache and the dead-lettered messages. */
    administer: scopeAllows(scope, 'admin'),
  };
}
