import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, fieldErrors } from '../api/errors';
import { login, me, type Role } from '../api/session';
import { SIGN_IN_NS } from './words';

export type Method = 'account' | 'token';

/** Who just signed in, whichever way they did it. */
export interface SignedIn {
  via: 'session' | 'token';
  role: Role;
  /** The account's name, or for a token the name typed beside it (the workspace), or the token's kind (the editor). */
  name: string;
  userId: number | null;
  /** An account's skills, which sort the workspace's queue. */
  skills?: string[];
  /** The session's CSRF token; null with a bearer token, which needs none. */
  csrf: string | null;
  token: string | null;
}

export interface SignInProps {
  /** Which token this app takes besides accounts: its words, and whether the signer must give a name (agents). */
  tokenKind: 'admin' | 'agent';
  /** The tabs in order; the first is where the screen opens unless `initialMethod` says otherwise. */
  methods: readonly Method[];
  initialMethod?: Method;
  notice: string | null;
  /** The name an agent typed last time, offered again. */
  initialName?: string;
  onSignedIn: (who: SignedIn) => void;
  footer?: ReactNode;
}

const looksLikeEmail = (value: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);

/** Moves focus to the first field with a problem, by id: the fields' aria-invalid is only rendered on the next commit. */
function focusFirstProblem(errors: Record<string, string | null | undefined>, idOf: (field: string) => string): void {
  const first = Object.keys(errors).find((k) => errors[k]);
  if (first) document.getElementById(idOf(first))?.focus();
}

/** What a failed sign-in says, in the signer's language where the cause is known. */
export function signInError(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('offline');
    if (err.status === 429) return t('rateLimited');
    if (err.code === 'bad_credentials') return t('badCredentials');
    return err.message;
  }
  return (err as Error).message;
}

/**
 * Sign-in for the editor and the agent workspace: an account's email and password, or a token. Both are checked with
 * the server before anything opens, so a typo is caught here; which role may go on is the app's decision.
 */
export function SignIn({ tokenKind, methods, initialMethod, notice, initialName = '', onSignedIn, footer }: SignInProps) {
  const { t } = useTranslation(SIGN_IN_NS);
  const [method, setMethod] = useState<Method>(initialMethod ?? methods[0] ?? 'account');
  // The first field takes focus when the screen opens, but not after switching tabs: focus stays where the user put it.
  const [switched, setSwitched] = useState(false);

  const select = (next: Method, focus: boolean) => {
    setMethod(next);
    setSwitched(true);
    if (focus) document.getElementById(`signin-tab-${next}`)?.focus();
  };

  return (
    <>
      <h1 id="signin-title" className="signin__title">
        {t(`${tokenKind}.title`)}
      </h1>
      {notice && (
        <p className="notice notice--warning" role="alert">
          {notice}
        </p>
      )}
      <div className="segmented" role="tablist" aria-label={t('method')}>
        {methods.map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            id={`signin-tab-${m}`}
            aria-selected={method === m}
            aria-controls="signin-panel"
            tabIndex={method === m ? 0 : -1}
            className={`segmented__item${method === m ? ' is-active' : ''}`}
            onClick={() => select(m, false)}
            onKeyDown={(e) => {
              const i = methods.indexOf(m);
              const n = methods.length;
              const next = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? methods[(i + 1) % n] : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? methods[(i + n - 1) % n] : e.key === 'Home' ? methods[0] : e.key === 'End' ? methods[n - 1] : undefined;
              if (next) {
                e.preventDefault();
                select(next, true);
              }
            }}
          >
            {m === 'account' ? t('withAccount') : t(`${tokenKind}.withToken`)}
          </button>
        ))}
      </div>
      {/* Not labelled by its tab: that would give the panel the same name as the token field inside it. */}
      <div id="signin-panel" role="tabpanel">
        {method === 'account' ? (
          <AccountForm autoFocus={!switched} onSignedIn={onSignedIn} />
        ) : (
          <TokenForm kind={tokenKind} autoFocus={!switched} initialName={initialName} onSignedIn={onSignedIn} />
        )}
      </div>
      {footer}
    </>
  );
}

/** A label, its control and its error, tied together so a screen reader reads all three with the control. */
function Field({ id, label, error, children }: { id: string; label: string; error: string | null; children: (aria: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode }) {
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children({ id, 'aria-invalid': Boolean(error), 'aria-describedby': error ? `${id}-error` : undefined })}
      {error && (
        <p id={`${id}-error`} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}

function Submit({ busy }: { busy: boolean }) {
  const { t } = useTranslation(SIGN_IN_NS);
  return (
    <button type="submit" className="btn btn--primary btn--block primary" disabled={busy}>
      {busy ? t('checking') : t('submit')}
    </button>
  );
}

function AccountForm({ autoFocus, onSignedIn }: { autoFocus: boolean; onSignedIn: (who: SignedIn) => void }) {
  const { t } = useTranslation(SIGN_IN_NS);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [server, setServer] = useState<Record<string, string>>({});

  const local = {
    email: !email.trim() ? t('emailMissing') : !looksLikeEmail(email.trim()) ? t('emailInvalid') : null,
    password: !password ? t('passwordMissing') : null,
  };
  // Once a submit has failed, the messages follow the typing, so they disappear as soon as the field is right.
  const errors = {
    email: tried ? (local.email ?? server.email ?? null) : null,
    password: tried ? (local.password ?? server.password ?? null) : null,
  };

  const submit = async () => {
    setTried(true);
    setFailure(null);
    setServer({});
    if (local.email || local.password) return focusFirstProblem(local, (k) => `signin-${k}`);
    setBusy(true);
    try {
      const { user, csrf } = await login(email.trim(), password);
      onSignedIn({ via: 'session', role: user.role, name: user.name, userId: user.id, skills: user.skills ?? [], csrf, token: null });
    } catch (err) {
      const byField = fieldErrors(err);
      if (Object.keys(byField).length > 0) {
        setServer(byField);
        focusFirstProblem(byField, (k) => `signin-${k}`);
      } else setFailure(signInError(err, t));
      setBusy(false);
    }
  };

  return (
    <form
      className="signin__form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="muted">{t('accountIntro')}</p>
      <Field id="signin-email" label={t('email')} error={errors.email}>
        {(aria) => <input {...aria} className="input" type="email" autoComplete="username" autoFocus={autoFocus} value={email} maxLength={320} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field id="signin-password" label={t('password')} error={errors.password}>
        {(aria) => <input {...aria} className="input" type="password" autoComplete="current-password" value={password} maxLength={200} onChange={(e) => setPassword(e.target.value)} />}
      </Field>
      {failure && (
        <p className="notice notice--error error" role="alert">
          {failure}
        </p>
      )}
      <Submit busy={busy} />
    </form>
  );
}

function TokenForm({ kind, autoFocus, initialName, onSignedIn }: { kind: 'admin' | 'agent'; autoFocus: boolean; initialName: string; onSignedIn: (who: SignedIn) => void }) {
  const { t } = useTranslation(SIGN_IN_NS);
  const askName = kind === 'agent';
  const [name, setName] = useState(initialName);
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'name' | 'token'; text: string } | null>(null);

  const submit = async () => {
    const value = token.trim();
    if (askName && !name.trim()) return setError({ field: 'name', text: t('nameMissing') });
    if (!value) return setError({ field: 'token', text: t(`${kind}.empty`) });
    setBusy(true);
    setError(null);
    try {
      const who = await me(value);
      onSignedIn({ via: 'token', role: who.role, name: askName ? name.trim() : t(`${kind}.token`), userId: null, csrf: null, token: value });
    } catch (err) {
      setError({ field: 'token', text: err instanceof ApiError && (err.status === 401 || err.status === 403) ? t(`${kind}.invalid`) : signInError(err, t) });
      setBusy(false);
    }
  };

  return (
    <form
      className="signin__form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p className="muted">{t(`${kind}.intro`)}</p>
      {askName && (
        <div className="field">
          <label htmlFor="signin-name" className="field__label">
            {t('name')}
          </label>
          <input
            id="signin-name"
            className="input"
            value={name}
            placeholder={t('namePlaceholder')}
            autoComplete="name"
            maxLength={120}
            autoFocus={autoFocus}
            aria-invalid={error?.field === 'name'}
            aria-describedby={error?.field === 'name' ? 'signin-error' : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {error?.field === 'name' && (
            <p id="signin-error" className="field__error" role="alert">
              {error.text}
            </p>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${kind}-token`} className="field__label">
          {t(`${kind}.token`)}
        </label>
        <input
          id={`${kind}-token`}
          className="input"
          type="password"
          autoComplete="current-password"
          value={token}
          autoFocus={autoFocus && !askName}
          aria-invalid={error?.field === 'token'}
          aria-describedby={error?.field === 'token' ? 'signin-error' : undefined}
          onChange={(e) => setToken(e.target.value)}
        />
        {error?.field === 'token' && (
          <p id="signin-error" className="field__error" role="alert">
            {error.text}
          </p>
        )}
      </div>
      <Submit busy={busy} />
    </form>
  );
}
