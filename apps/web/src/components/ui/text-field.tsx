'use client';

import type { ReactNode } from 'react';

export interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  type?: 'text' | 'email' | 'url' | 'number' | 'password';
  multiline?: boolean;
  rows?: number;
  autoComplete?: string;
  inputMode?: 'text' | 'email' | 'url' | 'numeric' | 'decimal';
  spellCheck?: boolean;
  /** Shown under the input, e.g. a character count. */
  aside?: ReactNode;
  inputRef?: (element: HTMLInputElement | HTMLTextAreaElement | null) => void;
  monospace?: boolean;
}

/** A labelled input with its hint and error tied to it for assistive technology. */
export function TextField({ inputRef, ...props }: TextFieldProps) {
  const id = `field-${props.name}`;
  const hintId = props.hint ? `${id}-hint` : undefined;
  const errorId = props.error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    value: props.value,
    onBlur: props.onBlur,
    required: props.required,
    autoComplete: props.autoComplete,
    spellCheck: props.spellCheck,
    inputMode: props.inputMode,
    className: props.monospace ? 'monospace' : undefined,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
  };
  return (
    <div className={props.error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>
        {props.label}
        {!props.required && <span className="optional"> (optional)</span>}
      </label>
      {props.hint && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
      {props.multiline ? (
        <textarea
          {...common}
          ref={inputRef}
          rows={props.rows ?? 4}
          onChange={(event) => props.onChange(event.target.value)}
        />
      ) : (
        <input
          {...common}
          ref={inputRef}
          type={props.type ?? 'text'}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
      {props.aside}
      {props.error && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
