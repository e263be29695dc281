import { useTranslation } from 'react-i18next';
import { clearPath, useAnalyticsStore } from '../analyticsStore';

/** Says which conversation's path the canvas is showing, with a way to hide it. */
export function PathBanner() {
  const { t } = useTranslation();
  const path = useAnalyticsStore((s) => s.path);
  if (!path) return null;
  return (
    <div className="path-banner" role="status" data-testid="analytics-path-banner">
      {t('analytics.overlay.pathShown', { id: path.conversationId, count: path.steps.length })}{' '}
      <button type="button" className="btn btn--ghost" onClick={clearPath}>
        {t('analytics.overlay.hidePath')}
      </button>
    </div>
  );
}
