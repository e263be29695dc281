import { useTranslation } from 'react-i18next';
import { AuthShell } from './SignIn';

/**
 * An agent reached the editor. Nothing of the admin API is loaded for them (the server would refuse it anyway);
 * they get where they belong. An account keeps its session, which the agent workspace picks up.
 */
export function AgentOnly({ via, onSignOut }: { via: 'session' | 'token'; onSignOut: () => void }) {
  const { t } = useTranslation();
  return (
    <AuthShell labelledBy="agent-only-title">
      <h1 id="agent-only-title" className="signin__title">
        {via === 'session' ? t('agentOnly.title') : t('agentOnly.titleToken')}
      </h1>
      <p className="notice notice--warning" role="alert">
        {t('agentOnly.body')}
      </p>
      <a className="btn btn--primary btn--block" href="/agent">
        {t('agentOnly.open')}
      </a>
      <button type="button" className="btn btn--ghost btn--block" onClick={onSignOut}>
        {t('agentOnly.other')}
      </button>
    </AuthShell>
  );
}
