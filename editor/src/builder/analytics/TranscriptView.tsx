import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderOptions } from '../../common/messages/render';
import { MessageView } from '../../common/messages/MessageView';
import { formatWhen } from '../app/ui';
import { analyticsApi } from './analyticsApi';
import { showPath } from './analyticsStore';
import { useFetch } from './useFetch';

interface Props {
  botId: string;
  conversationId: string;
  titles: Map<string, string>;
  onClose: () => void;
  onShowPath: () => void;
}

/** One conversation: the steps it went through, its messages, and a way to see its path on the canvas. */
export function TranscriptView({ botId, conversationId, titles, onClose, onShowPath }: Props) {
  const { t, i18n } = useTranslation();
  const path = useFetch(`path|${conversationId}`, () => analyticsApi.path(botId, conversationId));
  const messages = useFetch(`messages|${conversationId}`, () => analyticsApi.messages(conversationId));
  const headingId = `transcript-${conversationId}`;
  // Buttons are drawn as the customer saw them; nobody can press them in a transcript.
  const options = useMemo<RenderOptions>(
    () => ({ t: (key) => (key === 'agent' ? t('preview.agent') : key === 'business' ? t('preview.business') : `(${t('preview.openLink')})`), disabled: true }),
    [t],
  );

  return (
    <section className="transcript" aria-labelledby={headingId} data-testid="analytics-transcript">
      <header className="transcript__head">
        <h3 id={headingId}>{t('analytics.transcripts.transcript', { id: conversationId })}</h3>
        <button type="button" className="btn btn--ghost" onClick={onClose}>
          {t('analytics.transcripts.close')}
        </button>
      </header>
      <h4>{t('analytics.transcripts.path')}</h4>
      {path.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {path.status === 'error' && (
        <p className="notice notice--error" role="alert">
          {t('analytics.transcripts.pathFailed', { message: path.error })}
        </p>
      )}
      {path.status === 'ready' && (
        <>
          <ol className="transcript__path">
            {path.data.map((p, i) => (
              <li key={i}>
                {titles.get(p.nodeId) ?? t('analytics.transcripts.unknownStep', { id: p.nodeId })} <time dateTime={p.at}>{formatWhen(p.at, i18n.language)}</time>
              </li>
            ))}
          </ol>
          <button
            type="button"
            className="btn btn--secondary"
            disabled={path.data.length === 0}
            onClick={() => {
              showPath(conversationId, path.data);
              onShowPath();
            }}
          >
            {t('analytics.transcripts.showPath')}
          </button>
        </>
      )}
      {messages.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {messages.status === 'error' && (
        <p className="notice notice--error" role="alert">
          {t('analytics.transcripts.transcriptFailed', { message: messages.error })}
        </p>
      )}
      {messages.status === 'ready' && messages.data.length === 0 && <p>{t('analytics.transcripts.noMessages')}</p>}
      {messages.status === 'ready' && messages.data.length > 0 && (
        <ol className="transcript__messages">
          {messages.data.map((m) => (
            <li key={m.seq} className={`transcript__message transcript__message--${m.author}`}>
              <MessageView message={m} options={options} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
