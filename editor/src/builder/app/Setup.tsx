import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, fieldErrors } from '../../common/api/errors';
import { MIN_PASSWORD, setup } from '../../common/api/session';
import { FormFailure, FormField, PasswordInput, focusFirstProblem, looksLikeEmail } from './FormField';
import { AuthShell, signInError, type SignedIn } from './SignIn';

/**
 * First run: while the server has no users, the first account is created here and becomes the admin. The server
 * allows this only while nobody exists, so a second tab that is too late gets "sign in instead".
 */
export function Setup({ onSignedIn, onAlreadySetUp, onUseToken }: { onSignedIn: (who: SignedIn) => void; onAlreadySetUp: () => void; onUseToken: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [server, setServer] = useState<Record<string, string>>({});

  const local = {
    setupCode: !code.trim() ? t('setup.codeMissing') : null,
    name: !name.trim() ? t('setup.nameMissing') : null,
    email: !email.trim() ? t('signIn.emailMissing') : !looksLikeEmail(email.trim()) ? t('signIn.emailInvalid') : null,
    password: password.length < MIN_PASSWORD ? t('setup.passwordShort', { count: MIN_PASSWORD, length: password.length }) : null,
  };
  const errors = {
    setupCode: tried ? (local.setupCode ?? server.setupCode ?? null) : null,
    name: tried ? (local.name ?? server.name ?? null) : null,
    email: tried ? (local.email ?? server.email ?? null) : null,
    password: tried ? (local.password ?? server.password ?? null) : null,
  };
  const long = password.length >= MIN_PASSWORD;

  const submit = async () => {
    setTried(true);
    setFailure(null);
    setServer({});
    if (local.setupCode || local.name || local.email || local.password) return focusFirstProblem(local, (k) => `setup-${k}`);
    setBusy(true);
    try {
      const { user, csrf } = await setup({ name: name.trim(), email: email.trim(), password, setupCode: code.trim() });
      onSignedIn({ via: 'session', role: user.role, name: user.name, userId: user.id, csrf, token: null });
    } catch (err) {
      setBusy(false);
      if (err instanceof ApiError && err.code === 'already_set_up') return onAlreadySetUp();
      if (err instanceof ApiError && err.code === 'setup_code') {
        setServer({ setupCode: t('setup.codeWrong') });
        return focusFirstProblem({ setupCode: 'x' }, (k) => `setup-${k}`);
      }
      const byField = fieldErrors(err);
      if (Object.keys(byField).length > 0) {
        setServer(byField);
        focusFirstProblem(byField, (k) => `setup-${k}`);
      } else setFailure(signInError(err, t));
    }
  };

  return (
    <AuthShell labelledBy="setup-title">
      <h1 id="setup-title" className="signin__title">
        {t('setup.title')}
      </h1>
      <p className="muted">{t('setup.intro')}</p>
      <form
        className="signin__form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FormField id="setup-setupCode" label={t('setup.code')} error={errors.setupCode} hint={errors.setupCode ? undefined : <span className="rule">{t('setup.codeHint')}</span>}>
          {(aria) => <input {...aria} className="input" autoComplete="off" autoCapitalize="characters" spellCheck={false} autoFocus value={code} maxLength={200} onChange={(e) => setCode(e.target.value)} />}
        </FormField>
        <FormField id="setup-name" label={t('setup.name')} error={errors.name}>
          {(aria) => <input {...aria} className="input" autoComplete="name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
        </FormField>
        <FormField id="setup-email" label={t('setup.email')} error={errors.email}>
          {(aria) => <input {...aria} className="input" type="email" autoComplete="username" value={email} maxLength={320} onChange={(e) => setEmail(e.target.value)} />}
        </FormField>
        <FormField
          id="setup-password"
          label={t('setup.password')}
          error={errors.password}
          hint={
            // The rule is visible before the first try; while typing, a count says how far there is to go. Once the
            // rule is an error, the error says it (with the count), so the hint steps aside.
            errors.password ? undefined : <span className={`rule${long ? ' rule--ok' : ''}`}>
              {t('setup.passwordRule', { count: MIN_PASSWORD })}{' '}
              {password.length > 0 && <span aria-live="polite">{long ? t('setup.passwordOk') : t('setup.passwordCount', { count: password.length, min: MIN_PASSWORD })}</span>}
            </span>
          }
        >
          {(aria) => <PasswordInput aria={aria} value={password} onChange={setPassword} fresh />}
        </FormField>
        <FormFailure message={failure} />
        <button type="submit" className="btn btn--primary btn--block" disabled={busy}>
          {busy ? t('setup.creating') : t('setup.submit')}
        </button>
      </form>
      <p className="signin__foot">
        <button type="button" className="link-btn" onClick={onUseToken}>
          {t('setup.useToken')}
        </button>
      </p>
    </AuthShell>
  );
}
