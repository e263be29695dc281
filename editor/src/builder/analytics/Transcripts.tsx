import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ChannelName, TranscriptOutcome } from '@parley/shared';
import { formatWhen } from '../app/ui';
import { getToken } from '../api/client';
import { useFlowStore } from '../store/flowStore';
import { analyticsApi, transcriptsCsvUrl, type Outcome, type Range, type Summary, type TranscriptFilter } from './analyticsApi';
import { downloadWithToken } from './download';
import { stepTitles } from './stepTitles';
import { TranscriptView } from './TranscriptView';

const CHANNELS = ['web', ...ChannelName.options] as const;
const PAGE = 50;

type List = { status: 'loading' } | { status: 'error'; error: string } | { status: 'ready'; rows: Summary[]; next: string | null; more: 'idle' | 'loading' | { error: string } };

interface Props {
  botId: string;
  range: Range;
  onShowPath: () => void;
}

/** Conversations of the range, filtered by outcome, step reached and channel, a page at a time, and their CSV export. */
export function Transcripts({ botId, range, onShowPath }: Props) {
  const { t, i18n } = useTranslation();
  const doc = useFlowStore((s) => s.doc);
  const titles = stepTitles(doc, t);
  const [filter, setFilter] = useState<TranscriptFilter>({});
  const [list, setList] = useState<List>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [open, setOpen] = useState<string | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    const mine = ++seq.current;
    setList({ status: 'loading' });
    analyticsApi.transcripts(botId, range, filter, null, PAGE).then(
      (r) => mine === seq.current && setList({ status: 'ready', rows: r.conversations, next: r.next, more: 'idle' }),
      (err: unknown) => mine === seq.current && setList({ status: 'error', error: (err as Error).message }),
    );
  }, [botId, range, filter, attempt]);

  const loadMore = () => {
    if (list.status !== 'ready' || !list.next) return;
    const mine = seq.current;
    const cursor = list.next;
    setList({ ...list, more: 'loading' });
    analyticsApi.transcripts(botId, range, filter, cursor, PAGE).then(
      (r) => mine === seq.current && setList((l) => (l.status === 'ready' ? { status: 'ready', rows: [...l.rows, ...r.conversations], next: r.next, more: 'idle' } : l)),
      (err: unknown) => mine === seq.current && setList((l) => (l.status === 'ready' ? { ...l, more: { error: (err as Error).message } } : l)),
    );
  };

  const change = (key: keyof TranscriptFilter, value: string) => setFilter((f) => ({ ...f, [key]: value || undefined }));
  const csv = transcriptsCsvUrl(botId, range, filter);
  const stepName = (id: string | null) => (id === null ? '–' : (titles.get(id) ?? t('analytics.transcripts.unknownStep', { id })));
  const channelName = (c: string) => (c === 'web' ? t('analytics.transcripts.web') : t(`channels.names.${c}`, { defaultValue: c }));

  return (
    <section className="analytics-section" aria-labelledby="analytics-transcripts-title" data-testid="analytics-transcripts">
      <h2 id="analytics-transcripts-title">{t('analytics.transcripts.title')}</h2>
      <div className="analytics-filters">
        <label>
          {t('analytics.transcripts.outcome')}
          <select value={filter.outcome ?? ''} onChange={(e) => change('outcome', e.target.value)}>
            <option value="">{t('analytics.transcripts.anyOutcome')}</option>
            {TranscriptOutcome.options.map((o) => (
              <option key={o} value={o}>
                {t(`analytics.transcripts.outcomes.${o}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.transcripts.step')}
          <select value={filter.step ?? ''} onChange={(e) => change('step', e.target.value)}>
            <option value="">{t('analytics.transcripts.anyStep')}</option>
            {[...titles].map(([id, title]) => (
              <option key={id} value={id}>
                {title}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('analytics.transcripts.channel')}
          <select value={filter.channel ?? ''} onChange={(e) => change('channel', e.target.value)}>
            <option value="">{t('analytics.transcripts.anyChannel')}</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {channelName(c)}
              </option>
            ))}
          </select>
        </label>
        <a
          className="btn btn--ghost"
          href={csv}
          download
          data-testid="analytics-export-csv"
          onClick={(e) => {
            // An admin token is a header, which a plain link cannot send; a session's cookie rides on the link itself.
            const token = getToken();
            if (!token) return;
            e.preventDefault();
            void downloadWithToken(csv, token, `${botId}-conversations.csv`);
          }}
        >
          {t('analytics.transcripts.export')}
        </a>
      </div>
      {list.status === 'loading' && <p role="status">{t('analytics.transcripts.loading')}</p>}
      {list.status === 'error' && (
        <div className="notice notice--error" role="alert">
          {t('analytics.transcripts.failed', { message: list.error })}{' '}
          <button type="button" className="btn btn--ghost" onClick={() => setAttempt((n) => n + 1)}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {list.status === 'ready' && list.rows.length === 0 && <p className="analytics-empty">{t('analytics.transcripts.empty')}</p>}
      {list.status === 'ready' && list.rows.length > 0 && (
        <table className="analytics-table">
          <thead>
            <tr>
              <th scope="col">{t('analytics.transcripts.started')}</th>
              <th scope="col">{t('analytics.transcripts.channel')}</th>
              <th scope="col">{t('analytics.transcripts.outcome')}</th>
              <th scope="col">{t('analytics.version')}</th>
              <th scope="col">{t('analytics.transcripts.lastStep')}</th>
              <th scope="col">{t('analytics.transcripts.messages')}</th>
              <th scope="col">
                <span className="sr-only">{t('analytics.transcripts.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((c) => (
              <tr key={c.conversationId} data-testid={`transcript-row-${c.conversationId}`}>
                <td>{formatWhen(c.startedAt, i18n.language)}</td>
                <td>{channelName(c.channel)}</td>
                <td>{t(`analytics.transcripts.outcomes.${c.outcome satisfies Outcome}`)}</td>
                <td>{c.version}</td>
                <td>{stepName(c.lastNodeId)}</td>
                <td>{c.messages}</td>
                <td>
                  <button type="button" className="btn btn--ghost" aria-expanded={open === c.conversationId} onClick={() => setOpen(open === c.conversationId ? null : c.conversationId)}>
                    {t('analytics.transcripts.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.status === 'ready' && list.next && (
        <button type="button" className="btn btn--secondary" disabled={list.more === 'loading'} onClick={loadMore}>
          {t('analytics.transcripts.loadMore')}
        </button>
      )}
      {list.status === 'ready' && typeof list.more === 'object' && (
        <p className="notice notice--error" role="alert">
          {t('analytics.transcripts.failed', { message: list.more.error })}
        </p>
      )}
      {open && <TranscriptView key={open} botId={botId} conversationId={open} titles={titles} onClose={() => setOpen(null)} onShowPath={onShowPath} />}
    </section>
  );
}
