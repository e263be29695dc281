import { ReactFlowProvider } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../app/ui';
import { Editor } from './Editor';
import { useLoadDraft } from './useLoadDraft';
import type { BotView } from '../analytics/ViewTabs';

/** Loads the draft, then hands it to the editor; while loading, a spinner, and on failure, a way back or a retry. */
export function EditorPage({ botId, view = 'canvas', onView = () => undefined, onBack, onSignOut }: { botId: string; view?: BotView; onView?: (view: BotView) => void; onBack: () => void; onSignOut: () => void }) {
  const { t } = useTranslation();
  const { draft, retry } = useLoadDraft(botId);

  if (draft.kind === 'loading')
    return (
      <div className="page-center">
        <Spinner label={t('app.loading')} />
      </div>
    );
  if (draft.kind === 'error')
    return (
      <div className="page-center">
        <p className="notice notice--error">{t('editor.loadFailed', { message: draft.message })}</p>
        <div className="row">
          <button type="button" className="btn btn--ghost" onClick={onBack}>
            ← {t('editor.back')}
          </button>
          <button type="button" className="btn btn--primary" onClick={retry}>
            {t('app.retry')}
          </button>
        </div>
      </div>
    );
  return (
    <ReactFlowProvider>
      <Editor key={botId} botId={botId} view={view} onView={onView} initial={{ doc: draft.doc, revision: draft.revision }} onBack={onBack} onSignOut={onSignOut} />
    </ReactFlowProvider>
  );
}
