'use client';

import type { FieldError } from '@profile/profile-domain';
import { useState } from 'react';
import { type FieldMessages, messagesByField } from '../../lib/field-messages';

const NONE: ReadonlySet<string> = new Set();

/**
 * The field errors of the latest action answer, minus those of fields edited since (an edit makes
 * the api's verdict on the old value moot). Derived from the answer, so nothing is set while rendering.
 */
export function useServerFieldErrors<State>(
  state: State,
  errorsOf: (state: State) => FieldError[],
) {
  const [dismissed, setDismissed] = useState({ state, fields: NONE });
  const hidden = dismissed.state === state ? dismissed.fields : NONE;
  const all = messagesByField(errorsOf(state));
  const errors: FieldMessages = Object.fromEntries(
    Object.entries(all).filter(([field]) => !hidden.has(field)),
  );
  const dismiss = (...fields: string[]) =>
    setDismissed((current) => ({
      state,
      fields: new Set([...(current.state === state ? current.fields : NONE), ...fields]),
    }));
  return { errors, dismiss, dismissAll: () => dismiss(...Object.keys(all)) };
}
