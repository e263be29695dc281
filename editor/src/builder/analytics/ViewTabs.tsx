import { useTranslation } from 'react-i18next';
import './analytics.css';

export type BotView = 'canvas' | 'analytics';

/** The bot's two views as links with real addresses (`/bots/:id`, `/bots/:id/analytics`), so they open in a new tab too. */
export function ViewTabs({ botId, view, onView }: { botId: string; view: BotView; onView: (view: BotView) => void }) {
  const { t } = useTranslation();
  const base = `/bots/${encodeURIComponent(botId)}`;
  const tab = (v: BotView, href: string, label: string) => (
    <a
      href={href}
      className={`view-tabs__tab${view === v ? ' is-active' : ''}`}
      aria-current={view === v ? 'page' : undefined}
      data-testid={`bot-view-${v}`}
      onClick={(e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        onView(v);
      }}
    >
      {label}
    </a>
  );
  return (
    <nav className="view-tabs" aria-label={t('analytics.views')}>
      {tab('canvas', base, t('analytics.flowTab'))}
      {tab('analytics', `${base}/analytics`, t('analytics.tab'))}
    </nav>
  );
}
