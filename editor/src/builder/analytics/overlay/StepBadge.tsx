import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useAnalyticsStore } from '../analyticsStore';
import { formatCount, formatRate, share } from '../format';

/**
 * A step's figures while the overlay is on, and its place in a drawn conversation path. Each node reads only its own
 * slice, so loading a report re-renders the badges and nothing else of the node.
 */
export function StepBadge({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { figures, order } = useAnalyticsStore(
    useShallow((s) => ({
      figures: s.overlay.status === 'ready' ? s.overlay.report?.steps[id] : undefined,
      order: s.path ? s.path.steps.flatMap((p, i) => (p.nodeId === id ? [i + 1] : [])).join(',') : '',
    })),
  );
  const on = useAnalyticsStore((s) => s.overlay.status === 'ready');
  if (!on && !order) return null;
  const lang = i18n.language;
  const visits = figures?.visits ?? 0;
  const dropOff = figures?.dropOff ?? 0;
  const rate = formatRate(share(dropOff, visits), lang);
  return (
    <div className="step-stats nodrag" data-testid={`step-stats-${id}`}>
      {on && (
        <span className="step-stats__figures" role="note" aria-label={t('analytics.overlay.badge', { visits: formatCount(visits, lang), dropOff: formatCount(dropOff, lang), rate })}>
          <span className="step-stats__visits" aria-hidden="true">
            {t('analytics.overlay.visits', { count: visits, formatted: formatCount(visits, lang) })}
          </span>
          <span className={`step-stats__drop${dropOff > 0 ? ' has-drop' : ''}`} aria-hidden="true">
            {t('analytics.overlay.dropOff', { formatted: formatCount(dropOff, lang), rate })}
          </span>
        </span>
      )}
      {order && (
        <span className="step-stats__path" role="note" aria-label={order.split(',').map((n) => t('analytics.overlay.pathStep', { order: n })).join('; ')}>
          <span aria-hidden="true">{order.split(',').map((n) => `#${n}`).join(' ')}</span>
        </span>
      )}
    </div>
  );
}
