import { useTranslation } from 'react-i18next';
import { useLoad } from '../team/useLoad';
import { integrationsApi } from './integrationsApi';
import { IntegrationsSection } from './IntegrationsSection';
import { WebhooksSection } from './WebhooksSection';
import './integrations.css';

/**
 * The Team page's Integrations tab (`/team/integrations`): integrations with their scoped API keys, and webhook
 * endpoints with their deliveries. One integrations list serves both, so a webhook shows its owner's name.
 */
export function IntegrationsPage() {
  const { t } = useTranslation();
  const integrations = useLoad(integrationsApi.integrations);
  return (
    <div className="integrations">
      <p className="muted">{t('integrations.intro')}</p>
      <IntegrationsSection loaded={integrations} />
      <WebhooksSection integrations={integrations.data ?? []} />
    </div>
  );
}
