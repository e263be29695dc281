import { useTranslation } from 'react-i18next';
import type { SignedIn } from './SignIn';
import { LanguageSwitch } from './ui';

export type Area = 'bots' | 'team';

/** The header of the pages around the editor: the brand, where you are, who you are, language and sign-out. */
export function AppBar({ current, who, onNavigate, onSignOut }: { current: Area; who: SignedIn; onNavigate: (area: Area) => void; onSignOut: () => void }) {
  const { t } = useTranslation();
  const link = (area: Area, href: string, label: string) => (
    <a
      href={href}
      className={`appnav__link${current === area ? ' is-active' : ''}`}
      aria-current={current === area ? 'page' : undefined}
      onClick={(e) => {
        // Plain clicks stay in the app; modified clicks open a new tab as links do.
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        onNavigate(area);
      }}
    >
      {label}
    </a>
  );
  return (
    <header className="appbar">
      <div className="appbar__start">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true">
            P
          </span>
          <span className="brand__name">{t('app.name')}</span>
          <span className="brand__tag">{t('app.tagline')}</span>
        </div>
        <nav className="appnav" aria-label={t('app.name')}>
          {link('bots', '/', t('bots.title'))}
          {link('team', '/team', t('session.team'))}
        </nav>
      </div>
      <div className="appbar__end">
        <span className="appbar__who muted">{t('session.signedInAs', { name: who.name })}</span>
        <LanguageSwitch />
        <button type="button" className="btn btn--ghost" onClick={onSignOut}>
          {t('app.signOut')}
        </button>
      </div>
    </header>
  );
}
