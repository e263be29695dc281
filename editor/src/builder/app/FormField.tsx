import type { ReactNode } from 'react';

export interface FieldAria {
  id: string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
}

/** A label, its control, a hint and an error, tied together so a screen reader reads all three with the control. */
export function FormField({ id, label, hint, error, children }: { id: string; label: ReactNode; hint?: ReactNode; error?: string | null | undefined; children: (aria: FieldAria) => ReactNode }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': [hintId, errorId].filter(Boolean).join(' ') || undefined })}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

export const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/**
 * Moves focus to the first field with a problem, so keyboard and screen-reader users land on it. By id, from the
 * errors just computed: the fields' aria-invalid is only rendered on the next commit.
 */
export function focusFirstProblem(errors: Record<string, string | null | undefined>, idOf: (field: string) => string) {
  const first = Object.keys(errors).find((k) => errors[k]);
  if (first) document.getElementById(idOf(first))?.focus();
}

/** A password box as every form here uses it; `fresh` for a new password, so browsers offer to generate one. */
export function PasswordInput({ aria, value, onChange, fresh }: { aria: FieldAria; value: string; onChange: (value: string) => void; fresh: boolean }) {
  return (
    <input
      {...aria}
      className="input"
      type="password"
      autoComplete={fresh ? 'new-password' : 'current-password'}
      value={value}
      maxLength={200}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** What went wrong with the whole form (not one field), announced when it appears. */
export function FormFailure({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="notice notice--error" role="alert">
      {message}
    </p>
  );
}
