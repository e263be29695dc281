import { useCallback, useEffect, useRef, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { hasErrors, parseFlowDocument, type Diagnostic, type FlowDocument } from '@parley/shared';
import { adminApi } from '../api/admin';
import { readText } from '../app/files';
import { ApiError } from '../api/client';
import {
  copySelection,
  deleteSelection,
  loadDocument,
  paste,
  redo,
  replaceDocument,
  resetStore,
  tidyUp,
  undo,
  updateDocument,
  useFlowStore,
} from '../store/flowStore';
import { Canvas } from '../canvas/Canvas';
import { Palette } from '../canvas/Palette';
import { PropertiesPanel } from '../panels/PropertiesPanel';
import { VariablesPanel } from '../panels/VariablesPanel';
import { ProblemsPanel } from '../panels/ProblemsPanel';
import { VersionsPanel } from '../panels/VersionsPanel';
import { PreviewPanel } from '../panels/PreviewPanel';
import { SettingsDialog } from '../panels/SettingsDialog';
import { LanguageSwitch, Modal, Spinner, toast } from '../app/ui';
import { useSchemaMessage } from '../i18n/schemaMessages';
import { useAutosave, type SaveStatus } from './useAutosave';

type Tab = 'step' | 'variables' | 'problems' | 'history' | 'preview';
const TABS: Tab[] = ['step', 'variables', 'problems', 'history', 'preview'];

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function SaveIndicator({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  const { t } = useTranslation();
  const text =
    status.kind === 'saved'
      ? t('save.saved')
      : status.kind === 'saving'
        ? t('save.saving')
        : status.kind === 'dirty' || status.kind === 'conflict'
          ? t('save.dirty')
          : t('save.error', { message: status.message });
  return (
    <span className={`save save--${status.kind}`} role="status" aria-live="polite">
      <span className="save__dot" aria-hidden="true" />
      <span className="save__text">{text}</span>
      {status.kind === 'error' && (
        <button type="button" className="btn btn--ghost btn--small" onClick={onRetry}>
          {t('save.retry')}
        </button>
      )}
    </span>
  );
}

/** The bot's name, which the server requires: an emptied field is not saved, and goes back to the name on leaving it. */
function NameInput({ name }: { name: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);
  return (
    <input
      className="topbar__name"
      aria-label={t('editor.botName')}
      value={text}
      maxLength={120}
      aria-invalid={text.trim() === ''}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() !== '') updateDocument({ name: e.target.value }, 'name');
      }}
      onBlur={() => setText(name)}
    />
  );
}

function Editor({ botId, initial, onBack, onSignOut }: { botId: string; initial: { doc: FlowDocument; revision: number }; onBack: () => void; onSignOut: () => void }) {
  const { t } = useTranslation();
  const translate = useSchemaMessage();
  const { status, save, reload, overwrite } = useAutosave(botId, initial);
  const [tab, setTab] = useState<Tab>('step');
  const [publishing, setPublishing] = useState(false);
  const [versionsKey, setVersionsKey] = useState(0);
  const [importErrors, setImportErrors] = useState<string[] | null>(null);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const name = useFlowStore((s) => s.doc?.name ?? '');
  const diagnostics = useFlowStore((s) => s.diagnostics);
  const canUndo = useStore(useFlowStore.temporal, (s) => s.pastStates.length > 0);
  const canRedo = useStore(useFlowStore.temporal, (s) => s.futureStates.length > 0);
  const errorCount = diagnostics.filter((d) => d.severity === 'error').length;
  const warningCount = diagnostics.length - errorCount;

  useEffect(() => {
    document.title = `${name || t('editor.botName')} — ${t('app.name')}`;
  }, [name, t]);

  // Selecting a step shows its settings, except while the admin is chatting in the preview.
  useEffect(
    () =>
      useFlowStore.subscribe((s, prev) => {
        if (s.selectedNodes !== prev.selectedNodes && s.selectedNodes.size > 0) setTab((tb) => (tb === 'preview' ? tb : 'step'));
      }),
    [],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || document.querySelector('.modal')) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
        e.preventDefault();
        redo();
      } else if (mod && key === 'c') {
        const n = copySelection();
        if (n > 0) toast(t('editor.copied', { count: n }));
      } else if (mod && key === 'v') {
        e.preventDefault();
        const ids = paste();
        if (ids.length > 0) toast(t('editor.pasted', { count: ids.length }));
      } else if ((key === 'delete' || key === 'backspace') && !(e.target as HTMLElement | null)?.closest?.('.react-flow')) {
        // React Flow handles the key itself when it has focus; this covers focus in the side panels' lists.
        if (document.activeElement === document.body) deleteSelection();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [t]);

  // Leaving with changes the server refused would lose them: stay, and say why.
  const leave = async (then: () => void) => {
    if (await save()) then();
    else toast(t('save.leaveWarning'), 'error');
  };

  const publish = async () => {
    setPublishing(true);
    try {
      if (!(await save())) return;
      const r = await adminApi.publish(botId);
      toast(t('editor.published', { version: r.version }), 'success', 6000);
      setVersionsKey((k) => k + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && Array.isArray(err.details)) {
        useFlowStore.setState({ diagnostics: err.details as Diagnostic[] });
        setTab('problems');
      }
      toast(t('editor.publishFailed', { message: (err as Error).message }), 'error', 8000);
    } finally {
      setPublishing(false);
    }
  };

  const exportFlow = () => {
    const doc = useFlowStore.getState().doc;
    if (!doc) return;
    const blob = new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${doc.name.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-|-$/g, '') || doc.id}.json`;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  const importFlow = async (file: File) => {
    let json: unknown;
    try {
      json = JSON.parse(await readText(file));
    } catch {
      return setImportErrors([t('editor.importInvalidJson')]);
    }
    const parsed = parseFlowDocument(json);
    if (!parsed.success) {
      return setImportErrors(parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${translate(i.message)}`));
    }
    replaceDocument({ ...parsed.data, id: botId });
    toast(t('editor.imported'), 'success');
  };

  const restore = useCallback(
    async (version: number) => {
      try {
        const r = await adminApi.version(botId, version);
        replaceDocument({ ...r.flow, id: botId });
        await save();
        toast(t('versions.restored', { version }), 'success');
      } catch (err) {
        toast((err as Error).message, 'error');
      }
    },
    [botId, save, t],
  );

  const blocked = hasErrors(diagnostics);
  const blockedReason = blocked ? t('editor.publishBlocked', { count: errorCount }) : undefined;

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
      <div className="workspace">
        <Palette />
        <main id="canvas" className="workspace__canvas" tabIndex={-1}>
          <Canvas />
        </main>
        <aside className="sidepanel" aria-label={t('panel.tabs')}>
          <div className="tabs" role="tablist" aria-label={t('panel.tabs')}>
            {TABS.map((x) => (
              <button
                key={x}
                type="button"
                role="tab"
                id={`tab-${x}`}
                aria-selected={tab === x}
                aria-controls={`tabpanel-${x}`}
                tabIndex={tab === x ? 0 : -1}
                className={`tab${tab === x ? ' is-active' : ''}`}
                onClick={() => setTab(x)}
                onKeyDown={(e) => {
                  const i = TABS.indexOf(x);
                  const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i + TABS.length - 1) % TABS.length] : undefined;
                  if (next) {
                    setTab(next);
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
            {tab === 'history' && <VersionsPanel botId={botId} refreshKey={versionsKey} onRestore={restore} />}
            {tab === 'preview' && <PreviewPanel botId={botId} save={save} />}
          </div>
        </aside>
      </div>
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
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
      {importErrors && (
        <Modal
          title={t('editor.importFailed')}
          onClose={() => setImportErrors(null)}
          actions={
            <button type="button" className="btn btn--primary" onClick={() => setImportErrors(null)}>
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

/** Loads the draft, then hands it to the editor; the store is reset on leaving so another bot starts clean. */
export function EditorPage({ botId, onBack, onSignOut }: { botId: string; onBack: () => void; onSignOut: () => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; doc: FlowDocument; revision: number }>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    adminApi
      .loadDraft(botId)
      .then((r) => {
        if (!live) return;
        // Marks for profiling how long a large flow takes to open (e2e/perf/open-large-flow.ts reads them).
        performance.mark('parley:draft-fetched');
        loadDocument(botId, r.flow);
        performance.mark('parley:store-loaded');
        setState({ kind: 'ready', doc: r.flow, revision: r.revision });
      })
      .catch((err: Error) => live && setState({ kind: 'error', message: err.message }));
    return () => {
      live = false;
      resetStore();
    };
  }, [botId, attempt]);

  if (state.kind === 'loading')
    return (
      <div className="page-center">
        <Spinner label={t('app.loading')} />
      </div>
    );
  if (state.kind === 'error')
    return (
      <div className="page-center">
        <p className="notice notice--error">{t('editor.loadFailed', { message: state.message })}</p>
        <div className="row">
          <button type="button" className="btn btn--ghost" onClick={onBack}>
            ← {t('editor.back')}
          </button>
          <button type="button" className="btn btn--primary" onClick={() => setAttempt((a) => a + 1)}>
            {t('app.retry')}
          </button>
        </div>
      </div>
    );
  return (
    <ReactFlowProvider>
      <Editor key={botId} botId={botId} initial={{ doc: state.doc, revision: state.revision }} onBack={onBack} onSignOut={onSignOut} />
    </ReactFlowProvider>
  );
}
