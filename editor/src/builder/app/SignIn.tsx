import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError } from '../../common/api/errors';
import { SignIn as SharedSignIn, type Method, type SignedIn } from '../../common/signin/SignIn';
import { addSignInWords } from '../../common/signin/words';
import { i18n } from '../i18n';
import { LanguageSwitch } from './ui';

export type { Method, SignedIn };
const METHODS: readonly Method[] = ['account', 'token'];

addSignInWords(i18n);

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
 * Email and password by default, the admin token as the alternative: the sign-in the agent workspace uses too, with
 * the editor's brand and language switch around it and a way to the workspace below.
 */
export function SignIn({ notice, initialMethod = 'account', onSignedIn }: { notice: string | null; initialMethod?: Method; onSignedIn: (who: SignedIn) => void }) {
  const { t } = useTranslation();
  return (
    <AuthShell labelledBy="signin-title">
      <SharedSignIn
        tokenKind="admin"
        methods={METHODS}
        initialMethod={initialMethod}
        notice={notice}
        onSignedIn={onSignedIn}
        footer={
          <p className="signin__foot muted">
            {t('signIn.agentsAsk')} <a href="/agent">{t('signIn.agentsLink')}</a>
          </p>
        }
      />
    </AuthShell>
  );
}
