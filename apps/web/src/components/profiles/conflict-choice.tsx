'use client';

import type { ProfileField } from '@profile/profile-domain';
import { useId } from 'react';

/** A field both the operator and someone else changed: their value, the operator's, and a pick. */
export interface Conflict {
  field: ProfileField;
  theirs: string;
  yours: string;
  choice?: 'theirs' | 'yours';
}

/** Their value beside yours, as two radio buttons; the field below then holds the one picked. */
export function ConflictChoice({
  conflict,
  label,
  version,
  onPick,
}: {
  conflict: Conflict;
  label: string;
  version: number;
  onPick: (choice: 'theirs' | 'yours') => void;
}) {
  const name = useId();
  const shown = (value: string) => value || '(empty)';
  return (
    <fieldset className="conflict">
      <legend>{label} was changed by both of you: which one should be saved?</legend>
      <div className="conflict-options">
        {(['theirs', 'yours'] as const).map((side) => (
          <label key={side} className="conflict-option">
            <input
              type="radio"
              name={name}
              checked={conflict.choice === side}
              onChange={() => onPick(side)}
            />
            <span className="conflict-side">
              {side === 'theirs' ? `Theirs (version ${version})` : 'Yours'}
            </span>
            <span className="conflict-value">{shown(conflict[side])}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
