import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { hasErrors, type FlowDocument } from '@parley/shared';
import { redo, tidyUp, undo, useFlowStore } from '../store/flowStore';
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../canvas/Palette';
import { SettingsDialog } from '../panels/SettingsDialog';
import { LanguageSwitch, Modal } from '../app/ui';
import { exportFlow } from './exportFlow';
import { NameInput } from './NameInput';
import { SaveIndicator } from './SaveIndicator';
import { SidePanel } from './SidePanel';
import { useAutosave } from './useAutosave';
import { useDocumentTitle } from './useDocumentTitle';
import { useImportFlow } from './useImportFlow';
import { useKeyboardShortcuts } from './useKeyboardShortcuts';
import { usePanelTab } from './usePanelTab';
import { usePublish } from './usePublish';
import { useRestoreVersion } from './useRestoreVersion';
import { useSaveBeforeLeaving } from './useSaveBeforeLeaving';
import { AnalyticsPage } from '../analytics/AnalyticsPage';
import { AnalyticsToggle } from '../analytics/overlay/AnalyticsToggle';
import { PathBanner } from '../analytics/overlay/PathBanner';
import { ViewTabs, type BotView } from '../analytics/ViewTabs';
import { useAnalyticsFor } from '../analytics/analyticsStore';

interface Props {
  botId: string;
  initial: { doc: FlowDocument; revision: number };
  onBack: () => void;
  onSignOut: () => void;
  view?: BotView;
  onView?: (view: BotView) => void;
}

/** The editor of a loaded draft: top bar, palette, canvas and side panel. */
export function Editor({ botId, initial, onBack, onSignOut, view = 'canvas', onView = () => undefined }: Props) {
  const { t } = useTranslation();
  const { status, save, reload, overwrite } = useAutosave(botId, initial);
  const [tab, setTab] = usePanelTab();
  const { publish, publishing, published } = usePublish(botId, save, () => setTab('problems'));
  const { importFlow, importErrors, dismissImportErrors } = useImportFlow(botId);
  const restore = useRestoreVersion(botId, save);
  const leave = useSaveBeforeLeaving(save);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const name = useFlowStore((s) => s.doc?.name ?? '');
  const diagnostics = useFlowStore((s) => s.diagnostics);
  const canUndo = useStore(useFlowStore.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useFlowStore.temporal, (s) => s.futureStates.length > 0);
  useDocumentTitle(name);
  useKeyboardShortcuts();
  useAnalyticsFor(botId);

  const blocked = hasErrors(diagnostics);
  const blockedReason = blocked ? t('editor.publishBlocked', { count: diagnostics.filter((d) => d.severity === 'error').length }) : undefined;

  return (
    <div className="editor">
      <a href="#canvas" className="skip-link">
        {t('app.skipToCanvas')}
      </a>
      <header className="topbar">
        <button type="button" className="btn btn--ghost topbar__back" onClick={() => void leave(onBack)}>
          ← {t('editor.back')}
        </button>
        <NameInput name={name} />
        <ViewTabs botId={botId} view={view} onView={onView} />
        <SaveIndicator status={status} onRetry={() => void save()} />
        <div className="topbar__spacer" />
        <div className="toolbar" role="toolbar" aria-label={t('editor.moreActions')}>
          <button type="button" className="icon-btn icon-btn--bar" onClick={undo} disabled={!canUndo} aria-label={t('editor.undo')} title={`${t('editor.undo')} (Ctrl+Z)`}>
            <svg viewBox="0 0 20 20" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
              <path d="M7 5L3 9l4 4M3 9h9a5 5 0 0 1 0 10h-2" />
            </svg>
          </button>
          <button type="button" className="icon-btn icon-btn--bar" onClick={redo} disabled={!canRedo} aria-label={t('editor.redo')} title={`${t('editor.redo')} (Ctrl+Shift+Z)`}>
            <svg viewBox="0 0 20 20" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
              <path d="M13 5l4 4-4 4M17 9H8a5 5 0 0 0 0 10h2" />
            </svg>
          </button>
          <span className="toolbar__sep" aria-hidden="true" />
          <button type="button" className="btn btn--ghost" onClick={() => void tidyUp()} title={t('editor.tidyHint')}>
            {t('editor.tidy')}
          </button>
          <button type="button" className="icon-btn icon-btn--bar" onClick={() => setSettingsOpen(true)} aria-label={t('settings.title')} title={t('settings.title')}>
            <svg viewBox="0 0 20 20" width="17" height="17" fill="none" stroke="currentColor" strokeWidth="1.6" aria-hidden="true">
              <circle cx="10" cy="10" r="2.6" />
              <path d="M10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4" />
            </svg>
          </button>
          <button type="button" className="btn btn--ghost" onClick={() => fileInput.current?.click()}>
            {t('editor.import')}
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".json,application/json"
            hidden
            aria-label={t('editor.import')}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void importFlow(f);
            }}
          />
          <button type="button" className="btn btn--ghost" onClick={exportFlow}>
            {t('editor.export')}
          </button>
          <span className="toolbar__sep" aria-hidden="true" />
          {view === 'canvas' && <AnalyticsToggle botId={botId} />}
          <button type="button" className={`btn ${tab === 'preview' ? 'btn--secondary is-active' : 'btn--secondary'}`} aria-pressed={tab === 'preview'} onClick={() => setTab(tab === 'preview' ? 'step' : 'preview')}>
            ▶ {t('editor.preview')}
          </button>
          <span className="publish">
            <button type="button" className="btn btn--primary" onClick={() => void publish()} disabled={blocked || publishing} aria-describedby={blocked ? 'publish-reason' : undefined} title={blockedReason}>
              {publishing ? t('editor.publishing') : t('editor.publish')}
            </button>
            {blocked && (
              <button type="button" id="publish-reason" className="publish__reason" onClick={() => setTab('problems')}>
                {blockedReason}
              </button>
            )}
          </span>
        </div>
        <LanguageSwitch />
        <button type="button" className="icon-btn icon-btn--bar" onClick={() => void leave(onSignOut)} aria-label={t('app.signOut')} title={t('app.signOut')}>
          <svg viewBox="0 0 20 20" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="1.8" aria-hidden="true">
            <path d="M8 4H4v12h4M13 6l4 4-4 4M17 10H8" />
          </svg>
        </button>
      </header>
      {view === 'analytics' ? (
        <AnalyticsPage botId={botId} draft={{ save, reload }} onOpenCanvas={() => onView('canvas')} />
      ) : (
        <div className="workspace">
          <Palette />
          <main id="canvas" className="workspace__canvas" tabIndex={-1}>
            <PathBanner />
            <Canvas />
          </main>
          <SidePanel botId={botId} tab={tab} onTab={setTab} versionsKey={published} onRestore={restore} save={save} />
        </div>
      )}
      {status.kind === 'conflict' && (
        <Modal
          title={t('save.conflictTitle')}
          onClose={() => undefined}
          actions={
            <>
              <button type="button" className="btn btn--ghost" onClick={() => void reload()}>
                {t('save.reload')}
              </button>
              <button type="button" className="btn btn--danger" onClick={() => void overwrite()}>
                {t('save.overwrite')}
              </button>
            </>
          }
        >
          <p>{t('save.conflictBody')}</p>
        </Modal>
      )}
      {settingsOpen && <SettingsDialog botId={botId} onClose={() => setSettingsOpen(false)} />}
      {importErrors && (
        <Modal
          title={t('editor.importFailed')}
          onClose={dismissImportErrors}
          actions={
            <button type="button" className="btn btn--primary" onClick={dismissImportErrors}>
              {t('app.close')}
            </button>
          }
        >
          <ul className="import-errors">
            {importErrors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </Modal>
      )}
    </div>
  );
}
