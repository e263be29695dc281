import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AppBar, type Area } from '../app/AppBar';
import type { SignedIn } from '../app/SignIn';
import { People } from './People';
import { Tokens } from './Tokens';
import { AuditLog } from './AuditLog';
import { IntegrationsPage } from '../integrations/IntegrationsPage';

export type TeamSection = 'people' | 'tokens' | 'integrations' | 'audit';
const SECTIONS: readonly TeamSection[] = ['people', 'tokens', 'integrations', 'audit'];

/** The admin's team area: people, API tokens, integrations and the audit log, one URL each (`/team`, `/team/tokens`, `/team/integrations`, `/team/audit`). */
export function TeamPage({
  who,
  section,
  onSection,
  onNavigate,
  onSignOut,
  onSessionEnded,
}: {
  who: SignedIn;
  section: TeamSection;
  onSection: (section: TeamSection) => void;
  onNavigate: (area: Area) => void;
  onSignOut: () => void;
  onSessionEnded: () => void;
}) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t(`team.${section}`)} · ${t('team.title')} — ${t('app.name')}`;
  }, [t, section]);

  return (
    <div className="page">
      <AppBar current="team" who={who} onNavigate={onNavigate} onSignOut={onSignOut} />
      <main className="bots team">
        <div className="bots__head">
          <h1>{t('team.title')}</h1>
          <p className="muted">{t('team.subtitle')}</p>
        </div>
        <div className="tabs team__tabs" role="tablist" aria-label={t('team.sections')}>
          {SECTIONS.map((s) => (
            <button
              key={s}
              type="button"
              role="tab"
              id={`team-tab-${s}`}
              aria-selected={section === s}
              aria-controls="team-panel"
              tabIndex={section === s ? 0 : -1}
              className={`tab${section === s ? ' is-active' : ''}`}
              onClick={() => onSection(s)}
              onKeyDown={(e) => {
                const i = SECTIONS.indexOf(s);
                const next = e.key === 'ArrowRight' ? SECTIONS[(i + 1) % SECTIONS.length] : e.key === 'ArrowLeft' ? SECTIONS[(i + SECTIONS.length - 1) % SECTIONS.length] : e.key === 'Home' ? SECTIONS[0] : e.key === 'End' ? SECTIONS[SECTIONS.length - 1] : undefined;
                if (next) {
                  e.preventDefault();
                  onSection(next);
                  document.getElementById(`team-tab-${next}`)?.focus();
                }
              }}
            >
              {t(`team.${s}`)}
            </button>
          ))}
        </div>
        <div id="team-panel" role="tabpanel" aria-labelledby={`team-tab-${section}`} className="team__panel">
          {section === 'people' && <People who={who} onSessionEnded={onSessionEnded} />}
          {section === 'tokens' && <Tokens />}
          {section === 'integrations' && <IntegrationsPage />}
          {section === 'audit' && <AuditLog />}
        </div>
      </main>
    </div>
  );
}
