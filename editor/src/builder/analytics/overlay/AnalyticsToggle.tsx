import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { clearPath, setOverlay, useAnalyticsStore } from '../analyticsStore';
import { useReport } from '../useReport';
import '../analytics.css';
import { useVersions } from '../useVersions';

/**
 * The canvas toolbar's "Analytics" switch: while on, every step shows its visits and drop-off and edges grow with
 * their traffic. It writes the analytics store only, never the flow document.
 */
export function AnalyticsToggle({ botId }: { botId: string }) {
  const { t } = useTranslation();
  const on = useAnalyticsStore((s) => s.overlay.status !== 'off');
  const hasPath = useAnalyticsStore((s) => s.path !== null);
  useVersions(botId);
  const { report, range } = useReport(botId, on);

  useEffect(() => {
    if (!on) return;
    if (report.status === 'ready') setOverlay({ status: 'ready', report: report.data, error: null });
    else if (report.status === 'error') setOverlay({ status: 'error', report: null, error: report.error });
    else setOverlay({ status: 'loading', report: null, error: null });
  }, [on, report]);

  const toggle = () => {
    if (on) {
      setOverlay({ status: 'off', report: null, error: null });
      clearPath();
    } else setOverlay({ status: 'loading', report: null, error: null });
  };

  return (
    <>
      <button type="button" className={`btn btn--ghost${on ? ' is-active' : ''}`} aria-pressed={on || hasPath} onClick={toggle} title={t('analytics.overlay.hint', { from: range.from, to: range.to })} data-testid="analytics-overlay-toggle">
        {t('analytics.overlay.toggle')}
      </button>
      {on && report.status === 'loading' && (
        <span className="sr-only" role="status">
          {t('analytics.overlay.loading')}
        </span>
      )}
      {on && report.status === 'error' && (
        <span className="toolbar__error" role="alert">
          {t('analytics.overlay.failed', { message: report.error })}{' '}
          <button type="button" className="btn btn--ghost" onClick={report.retry}>
            {t('app.retry')}
          </button>
        </span>
      )}
    </>
  );
}
