'use client';

import {
  BIO_MAX_LENGTH,
  codePointLength,
  DISPLAY_NAME_MAX_LENGTH,
  LOCATION_MAX_LENGTH,
  PROFILE_FIELDS,
  type Profile,
  type ProfileField,
  validateProfileCreate,
  validateProfilePatch,
} from '@profile/profile-domain';
import Link from 'next/link';
import {
  type FormEvent,
  startTransition,
  useActionState,
  useEffect,
  useRef,
  useState,
} from 'react';
import type { ProfileFormState } from '../../lib/form-state';
import {
  createBodyOf,
  formValuesOf,
  mergeLatest,
  patchBodyOf,
  PROFILE_FIELD_LABELS,
  type ProfileFormValues,
} from '../../lib/profile-form';
import { PageHeader } from '../ui/page-header';
import { TextField } from '../ui/text-field';
import { ConflictChoice, type Conflict } from './conflict-choice';
import { messagesByField } from '../../lib/field-messages';
import { useActionOutcome } from '../ui/use-action-outcome';
import { useHydrated } from '../ui/use-hydrated';
import { useServerFieldErrors } from '../ui/use-server-field-errors';

type ProfileAction = (state: ProfileFormState, input: unknown) => Promise<ProfileFormState>;

export type ProfileFormProps =
  | { mode: 'create'; action: ProfileAction }
  /** `title` heads the page, over the version the form is based on. */
  | { mode: 'edit'; action: ProfileAction; profile: Profile; etag: string; title: string };

interface Base {
  profile: Profile;
  etag: string;
}

const HINTS: Partial<Record<ProfileField, string>> = {
  username:
    '3–32 lowercase letters, digits, “.”, “_” or “-”, starting and ending with a letter or digit.',
  email: 'Unique regardless of letter case.',
  avatarUrl: 'An absolute https: address.',
};

const LIMITS: Partial<Record<ProfileField, number>> = {
  displayName: DISPLAY_NAME_MAX_LENGTH,
  bio: BIO_MAX_LENGTH,
  location: LOCATION_MAX_LENGTH,
};

/**
 * Create or edit a profile. Every keystroke is checked with the schema the api uses; the api's own
 * field errors (taken fields, say) are shown on their fields. An edit sends only the fields the
 * operator changed; a save that lost a race (412) brings the form onto the latest version: the
 * fields only the other change touched take its values, and each field both changed is shown
 * theirs beside yours, to pick, before saving again.
 */
export function ProfileForm(props: ProfileFormProps) {
  const [state, dispatch, pending] = useActionState(props.action, { status: 'idle' });
  const hydrated = useHydrated();
  useActionOutcome(state);
  const busy = pending || state.status === 'navigate';
  const [base, setBase] = useState<Base | undefined>(
    props.mode === 'edit' ? { profile: props.profile, etag: props.etag } : undefined,
  );
  const [values, setValues] = useState<ProfileFormValues>(() => formValuesOf(base?.profile));
  const [visited, setVisited] = useState<ReadonlySet<ProfileField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [note, setNote] = useState<string>();
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [merged, setMerged] = useState<ProfileFormState>();
  const [taken, setTaken] = useState<ProfileField[]>([]);
  if (state.status === 'stale' && merged !== state && base) {
    // A lost race: onto the latest version, once per answer (adjusting state while rendering).
    const merge = mergeLatest(values, base.profile, state.latest);
    setMerged(state);
    setTaken(merge.taken);
    setBase({ profile: state.latest, etag: state.etag });
    setValues(merge.values);
    setConflicts(
      merge.conflicts.map((field) => ({
        field,
        theirs: formValuesOf(state.latest)[field],
        yours: values[field],
      })),
    );
    setNote(undefined);
  }
  const {
    errors: serverErrors,
    dismiss: dismissServerError,
    dismissAll: dismissServerErrors,
  } = useServerFieldErrors(state, (answer) =>
    answer.status === 'invalid' ? answer.fieldErrors : [],
  );
  const inputs = useRef(new Map<string, HTMLInputElement | HTMLTextAreaElement>());
  const alertRef = useRef<HTMLDivElement>(null);

  const body = base ? patchBodyOf(values, base.profile) : createBodyOf(values);
  const validated = base ? validateProfilePatch(body) : validateProfileCreate(body);
  const clientErrors = validated.ok ? {} : messagesByField(validated.errors);
  const errorOf = (field: ProfileField): string | undefined => {
    if (serverErrors[field]) return serverErrors[field];
    const dirty = values[field] !== (base?.profile[field] ?? '');
    const shown = submitted || visited.has(field) || (dirty && values[field] !== '');
    return shown ? clientErrors[field] : undefined;
  };
  const invalidFields = PROFILE_FIELDS.filter((field) => errorOf(field));
  const stale = state.status === 'stale' ? state : undefined;
  const unpicked = conflicts.filter((conflict) => conflict.choice === undefined);

  useEffect(() => {
    if (state.status === 'invalid') {
      const first = PROFILE_FIELDS.find((field) =>
        state.fieldErrors.some((e) => e.path.startsWith(field)),
      );
      (first ? inputs.current.get(first) : alertRef.current)?.focus();
    } else if (state.status !== 'idle') {
      alertRef.current?.focus();
    }
  }, [state]);

  function change(field: ProfileField, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    dismissServerError(field);
    setNote(undefined);
  }

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    if (!validated.ok) {
      const first = PROFILE_FIELDS.find((field) => clientErrors[field]);
      if (first) inputs.current.get(first)?.focus();
      return;
    }
    if (unpicked.length > 0) {
      setNote(
        `Pick their value or yours for: ${unpicked.map(({ field }) => PROFILE_FIELD_LABELS[field]).join(', ')}.`,
      );
      return;
    }
    if (base && Object.keys(body).length === 0) {
      setNote('Nothing has changed yet, so there is nothing to save.');
      return;
    }
    const input = base ? { id: base.profile.id, etag: base.etag, patch: body } : body;
    startTransition(() => dispatch(input));
  }

  function discardEdits(latest: Profile) {
    setValues(formValuesOf(latest));
    setConflicts([]);
    setTaken([]);
    dismissServerErrors();
    setNote(`Your edits are discarded: the form shows version ${latest.version}.`);
  }

  function pick(field: ProfileField, choice: 'theirs' | 'yours') {
    const conflict = conflicts.find((candidate) => candidate.field === field);
    if (!conflict) return;
    setConflicts((current) =>
      current.map((candidate) =>
        candidate.field === field ? { ...candidate, choice } : candidate,
      ),
    );
    change(field, conflict[choice]);
  }

  const formErrors = [
    serverErrors[''],
    state.status === 'failed' ? state.message : undefined,
    state.status === 'invalid' && Object.keys(serverErrors).length === 0
      ? state.message
      : undefined,
  ].filter(Boolean);

  return (
    <form className="form" onSubmit={submit} noValidate aria-describedby="form-status">
      {props.mode === 'edit' && base && (
        <PageHeader title={props.title} subtitle={`Version ${base.profile.version}`} />
      )}
      <div id="form-status">
        {stale && base && (
          <div className="alert alert-warning" role="alert" tabIndex={-1} ref={alertRef}>
            <h2>Someone else saved version {base.profile.version} while you were editing</h2>
            <p>{mergeSummary(taken, conflicts)}</p>
            <p>Your changes are not saved yet: check the form, then save again.</p>
            <div className="button-row">
              <button
                type="button"
                className="secondary"
                onClick={() => discardEdits(base.profile)}
              >
                Discard my edits and show version {base.profile.version}
              </button>
            </div>
          </div>
        )}
        {formErrors.length > 0 && (
          <div className="alert alert-error" role="alert" tabIndex={-1} ref={alertRef}>
            {formErrors.map((message) => (
              <p key={message}>{message}</p>
            ))}
          </div>
        )}
        {submitted && invalidFields.length > 0 && !stale && (
          <p className="alert alert-error" role="alert">
            {invalidFields.length === 1 ? '1 field needs' : `${invalidFields.length} fields need`}{' '}
            attention: {invalidFields.map((field) => PROFILE_FIELD_LABELS[field]).join(', ')}.
          </p>
        )}
        {note && (
          <p className="alert alert-info" role="status">
            {note}
          </p>
        )}
      </div>

      {PROFILE_FIELDS.map((field) => {
        const limit = LIMITS[field];
        const conflict = conflicts.find((candidate) => candidate.field === field);
        return (
          <div key={field} className="field-with-conflict">
            {conflict && (
              <ConflictChoice
                conflict={conflict}
                label={PROFILE_FIELD_LABELS[field]}
                version={base?.profile.version ?? 0}
                onPick={(choice) => pick(field, choice)}
              />
            )}
            <TextField
              name={field}
              label={PROFILE_FIELD_LABELS[field]}
              value={values[field]}
              onChange={(value) => change(field, value)}
              onBlur={() => setVisited((current) => new Set(current).add(field))}
              error={errorOf(field)}
              hint={HINTS[field]}
              required={field === 'username' || field === 'email' || field === 'displayName'}
              type={field === 'email' ? 'email' : field === 'avatarUrl' ? 'url' : 'text'}
              multiline={field === 'bio'}
              autoComplete="off"
              spellCheck={field === 'bio' || field === 'displayName' ? undefined : false}
              inputRef={(element) => {
                if (element) inputs.current.set(field, element);
                else inputs.current.delete(field);
              }}
              aside={
                limit !== undefined && (
                  <p className="counter">
                    {codePointLength(values[field])} / {limit}
                  </p>
                )
              }
            />
          </div>
        );
      })}

      <div className="button-row">
        <button type="submit" disabled={!hydrated || busy}>
          {busy ? 'Saving…' : base ? 'Save changes' : 'Create profile'}
        </button>
        <Link
          className="button secondary"
          href={base ? `/profiles/${base.profile.id}` : '/profiles'}
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}

/** What bringing the edit onto the latest version did, in words. */
function mergeSummary(taken: readonly ProfileField[], conflicts: readonly Conflict[]): string {
  const names = (fields: readonly ProfileField[]) =>
    fields.map((field) => PROFILE_FIELD_LABELS[field].toLowerCase()).join(', ');
  const parts = [
    taken.length > 0
      ? `Their new ${names(taken)} ${taken.length === 1 ? 'is' : 'are'} in the form now.`
      : 'They changed nothing you did not change too.',
    conflicts.length > 0
      ? `You both changed ${names(conflicts.map(({ field }) => field))}: pick theirs or yours below.`
      : 'Everything else you changed is kept.',
  ];
  return parts.join(' ');
}
