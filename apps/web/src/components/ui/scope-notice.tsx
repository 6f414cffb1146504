import type { ApiScope } from '@profile/api-contract';
import type { Operator } from '../../lib/session/operator';

/** Said instead of a form the operator's key may not use. */
export function ScopeNotice({
  operator,
  required,
  doing,
}: {
  operator: Operator;
  required: ApiScope;
  doing: string;
}) {
  return (
    <p className="alert alert-info">
      {doing} needs a key with the {required} scope; you are signed in as “{operator.name}”, whose
      scope is {operator.scope}.
    </p>
  );
}
