import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { LanguageSwitch } from './ui';

/** Checks the token against the admin API before keeping it, so a typo is caught here and not on the next screen. */
export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: (token: string) => void }) {
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
      const res = await fetch('/api/bots', { headers: { authorization: `Bearer ${value}` } });
      if (res.status === 401 || res.status === 403) throw new ApiError(res.status, 'unauthorized', t('signIn.invalid'));
      if (!res.ok) throw new ApiError(res.status, 'http', `HTTP ${res.status}`);
      onSignedIn(value);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin">
      <div className="signin__lang">
        <LanguageSwitch />
      </div>
      <form
        className="signin__card"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <div className="brand brand--large">
          <span className="brand__mark" aria-hidden="true">
            P
          </span>
          <span className="brand__name">{t('app.name')}</span>
        </div>
        <h1 className="signin__title">{t('signIn.title')}</h1>
        <p className="muted">{t('signIn.intro')}</p>
        {notice && (
          <p className="notice notice--warning" role="alert">
            {notice}
          </p>
        )}
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
            autoFocus
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
    </div>
  );
}
