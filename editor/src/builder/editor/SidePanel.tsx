import { useTranslation } from 'react-i18next';
import { PropertiesPanel } from '../panels/PropertiesPanel';
import { VariablesPanel } from '../panels/VariablesPanel';
import { ProblemsPanel } from '../panels/ProblemsPanel';
import { VersionsPanel } from '../panels/VersionsPanel';
import { PreviewPanel } from '../panels/PreviewPanel';
import { useFlowStore } from '../store/flowStore';
import { PANEL_TABS, type PanelTab } from './usePanelTab';

interface Props {
  botId: string;
  tab: PanelTab;
  onTab: (tab: PanelTab) => void;
  /** Changes when the version list should be fetched again. */
  versionsKey: number;
  onRestore: (version: number) => Promise<void>;
  save: () => Promise<boolean>;
}

/** The tabs beside the canvas: arrow keys move between tabs, and the problems tab counts errors, or else warnings. */
export function SidePanel({ botId, tab, onTab, versionsKey, onRestore, save }: Props) {
  const { t } = useTranslation();
  const diagnostics = useFlowStore((s) => s.diagnostics);
  const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
  const warningCount = diagnostics.length - errorCount;
  return (
    <aside className="sidepanel" aria-label={t('panel.tabs')}>
      <div className="tabs" role="tablist" aria-label={t('panel.tabs')}>
        {PANEL_TABS.map((x) => (
          <button
            key={x}
            type="button"
            role="tab"
            id={`tab-${x}`}
            aria-selected={tab === x}
            aria-controls={`tabpanel-${x}`}
            tabIndex={tab === x ? 0 : -1}
            className={`tab${tab === x ? ' is-active' : ''}`}
            onClick={() => onTab(x)}
            onKeyDown={(e) => {
              const i = PANEL_TABS.indexOf(x);
              const next = e.key === 'ArrowRight' ? PANEL_TABS[(i + 1) % PANEL_TABS.length] : e.key === 'ArrowLeft' ? PANEL_TABS[(i + PANEL_TABS.length - 1) % PANEL_TABS.length] : undefined;
              if (next) {
                onTab(next);
                document.getElementById(`tab-${next}`)?.focus();
              }
            }}
          >
            {t(`panel.${x}`)}
            {x === 'problems' && diagnostics.length > 0 && (
              <span className={`tab__count${errorCount > 0 ? ' tab__count--error' : ' tab__count--warning'}`}>{errorCount > 0 ? errorCount : warningCount}</span>
            )}
          </button>
        ))}
      </div>
      <div className="tabpanel" role="tabpanel" id={`tabpanel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'step' && <PropertiesPanel />}
        {tab === 'variables' && <VariablesPanel />}
        {tab === 'problems' && <ProblemsPanel />}
        {tab === 'history' && <VersionsPanel botId={botId} refreshKey={versionsKey} onRestore={onRestore} />}
        {tab === 'preview' && <PreviewPanel botId={botId} save={save} />}
      </div>
    </aside>
  );
}
