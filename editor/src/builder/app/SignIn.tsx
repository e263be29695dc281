import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, fieldErrors } from '../../common/api/errors';
import { login, me, type Role } from '../../common/api/session';
import { FormFailure, FormField, PasswordInput, focusFirstProblem, looksLikeEmail } from './FormField';
import { LanguageSwitch } from './ui';

export type Method = 'account' | 'token';
const METHODS: readonly Method[] = ['account', 'token'];

/** Who just signed in, whichever way they did it. */
export interface SignedIn {
  via: 'session' | 'token';
  role: Role;
  name: string;
  userId: number | null;
  /** The session's CSRF token; null with a bearer token, which needs none. */
  csrf: string | null;
  token: string | null;
}

/** The centred card every screen before the editor uses: brand, language switch and whatever the screen asks. */
export function AuthShell({ labelledBy, children }: { labelledBy: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <main className="signin">
      <div className="signin__lang">
        <LanguageSwitch />
      </div>
      <section className="signin__card" aria-labelledby={labelledBy}>
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">
            P
          </span>
          <span className="brand__name">{t('app.name')}</span>
        </div>
        {children}
      </section>
    </main>
  );
}

/** What a failed sign-in says, in the admin's language where we know the cause. */
export function signInError(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('session.offline');
    if (err.status === 429) return t('signIn.rateLimited');
    if (err.code === 'bad_credentials') return t('signIn.badCredentials');
    return err.message;
  }
  return (err as Error).message;
}

/**
 * Email and password by default, the admin token as the alternative. Both are checked with the server before the
 * editor opens, so a typo is caught here and not on the next screen; which role signed in is the app's decision.
 */
export function SignIn({ notice, initialMethod = 'account', onSignedIn }: { notice: string | null; initialMethod?: Method; onSignedIn: (who: SignedIn) => void }) {
  const { t } = useTranslation();
  const [method, setMethod] = useState<Method>(initialMethod);
  // The first field takes focus when the screen opens, but not after switching tabs: focus stays where the admin put it.
  const [switched, setSwitched] = useState(false);

  const select = (next: Method, focus: boolean) => {
    setMethod(next);
    setSwitched(true);
    if (focus) document.getElementById(`signin-tab-${next}`)?.focus();
  };

  return (
    <AuthShell labelledBy="signin-title">
      <h1 id="signin-title" className="signin__title">
        {t('signIn.title')}
      </h1>
      {notice && (
        <p className="notice notice--warning" role="alert">
          {notice}
        </p>
      )}
      <div className="segmented" role="tablist" aria-label={t('signIn.method')}>
        {METHODS.map((m) => (
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
              const i = METHODS.indexOf(m);
              const next = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? METHODS[(i + 1) % METHODS.length] : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? METHODS[(i + METHODS.length - 1) % METHODS.length] : e.key === 'Home' ? METHODS[0] : e.key === 'End' ? METHODS[METHODS.length - 1] : undefined;
              if (next) {
                e.preventDefault();
                select(next, true);
              }
            }}
          >
            {m === 'account' ? t('signIn.withAccount') : t('signIn.withToken')}
          </button>
        ))}
      </div>
      {/* Not labelled by its tab: that would give the panel the same name as the token field inside it. */}
      <div id="signin-panel" role="tabpanel">
        {method === 'account' ? <AccountForm autoFocus={!switched} onSignedIn={onSignedIn} /> : <TokenForm autoFocus={!switched} onSignedIn={onSignedIn} />}
      </div>
      <p className="signin__foot muted">
        {t('signIn.agentsAsk')} <a href="/agent">{t('signIn.agentsLink')}</a>
      </p>
    </AuthShell>
  );
}

function AccountForm({ autoFocus, onSignedIn }: { autoFocus: boolean; onSignedIn: (who: SignedIn) => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [server, setServer] = useState<Record<string, string>>({});

  const local = {
    email: !email.trim() ? t('signIn.emailMissing') : !looksLikeEmail(email.trim()) ? t('signIn.emailInvalid') : null,
    password: !password ? t('signIn.passwordMissing') : null,
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
      onSignedIn({ via: 'session', role: user.role, name: user.name, userId: user.id, csrf, token: null });
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
      <p className="muted">{t('signIn.accountIntro')}</p>
      <FormField id="signin-email" label={t('signIn.email')} error={errors.email}>
        {(aria) => <input {...aria} className="input" type="email" autoComplete="username" autoFocus={autoFocus} value={email} maxLength={320} onChange={(e) => setEmail(e.target.value)} />}
      </FormField>
      <FormField id="signin-password" label={t('signIn.password')} error={errors.password}>
        {(aria) => <PasswordInput aria={aria} value={password} onChange={setPassword} fresh={false} />}
      </FormField>
      <FormFailure message={failure} />
      <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
        {busy ? t('signIn.checking') : t('signIn.submit')}
      </button>
    </form>
  );
}

function TokenForm({ autoFocus, onSignedIn }: { autoFocus: boolean; onSignedIn: (who: SignedIn) => void }) {
  const { t } = useTranslation();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const value = token.trim();
    if (!value) return setError(t('signIn.empty'));
    setBusy(true);
    setError(null);
    try {
      const who = await me(value);
      onSignedIn({ via: 'token', role: who.role, name: t('session.adminToken'), userId: null, csrf: null, token: value });
    } catch (err) {
      setError(err instanceof ApiError && (err.status === 401 || err.status === 403) ? t('signIn.invalid') : signInError(err, t));
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
      <p className="muted">{t('signIn.intro')}</p>
      <div className="field">
        <label htmlFor="admin-token" className="field__label">
          {t('signIn.token')}
        </label>
        <input
          id="admin-token"
          className="input"
          type="password"
          autoComplete="current-password"
          value={token}
          autoFocus={autoFocus}
          aria-invalid={error !== null}
          aria-describedby={error ? 'signin-error' : undefined}
          onChange={(e) => setToken(e.target.value)}
        />
        {error && (
          <p id="signin-error" className="field__error" role="alert">
            {error}
          </p>
        )}
      </div>
      <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
        {busy ? t('signIn.checking') : t('signIn.submit')}
      </button>
    </form>
  );
}
