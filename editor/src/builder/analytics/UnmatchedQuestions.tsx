import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFlowStore } from '../store/flowStore';
import { apiErrorText } from '../i18n/apiErrorText';
import { analyticsApi, type Range, type Unmatched } from './analyticsApi';
import { faqSteps, type FaqStep } from './faqAnswers';
import { formatCount, formatRate } from './format';
import { stepTitles } from './stepTitles';
import { useFetch } from './useFetch';

export interface DraftSync {
  /** Sends pending edits first, so the server adds the phrase to the draft the admin sees. */
  save: () => Promise<boolean>;
  /** Loads the draft with the phrase in it, so the editor's next save does not conflict with (or undo) the addition. */
  reload: () => Promise<void>;
}

interface Props {
  botId: string;
  range: Range;
  draft: DraftSync;
  onOpenCanvas: () => void;
}

/** Customer texts the FAQ could not answer, each one click away from being an example phrase of a chosen answer. */
export function UnmatchedQuestions({ botId, range, draft, onOpenCanvas }: Props) {
  const { t, i18n } = useTranslation();
  const doc = useFlowStore((s) => s.doc);
  const steps = faqSteps(doc);
  const titles = stepTitles(doc, t);
  const groups = useFetch(`${botId}|${range.from}|${range.to}`, (signal) => analyticsApi.unmatched(botId, range, signal));

  return (
    <section className="analytics-section" aria-labelledby="analytics-unmatched-title" data-testid="analytics-unmatched">
      <h2 id="analytics-unmatched-title">{t('analytics.unmatched.title')}</h2>
      <p className="analytics-section__intro">{t('analytics.unmatched.intro')}</p>
      {(groups.status === 'loading' || groups.status === 'idle') && <p role="status">{t('analytics.unmatched.loading')}</p>}
      {groups.status === 'error' && (
        <div className="notice notice--error" role="alert">
          {t('analytics.unmatched.failed', { message: groups.error })}{' '}
          <button type="button" className="btn btn--ghost" onClick={groups.retry}>
            {t('app.retry')}
          </button>
        </div>
      )}
      {groups.status === 'ready' && groups.data.length === 0 && <p className="analytics-empty">{t('analytics.unmatched.empty')}</p>}
      {groups.status === 'ready' && groups.data.length > 0 && (
        <ul className="unmatched-list">
          {groups.data.map((g, i) => (
            <UnmatchedRow key={`${g.nodeId}:${g.text}`} index={i} group={g} steps={steps} titles={titles} lang={i18n.language} botId={botId} draft={draft} onOpenCanvas={onOpenCanvas} />
          ))}
        </ul>
      )}
    </section>
  );
}

type AddState = { kind: 'idle' } | { kind: 'adding' } | { kind: 'added'; already: boolean } | { kind: 'failed'; message: string };

function UnmatchedRow({ index, group, steps, titles, lang, botId, draft, onOpenCanvas }: { index: number; group: Unmatched; steps: FaqStep[]; titles: Map<string, string>; lang: string; botId: string; draft: DraftSync; onOpenCanvas: () => void }) {
  const { t } = useTranslation();
  const [nodeId, setNodeId] = useState(() => (steps.some((s) => s.nodeId === group.nodeId) ? group.nodeId : (steps[0]?.nodeId ?? '')));
  const step = steps.find((s) => s.nodeId === nodeId);
  const suggestedHere = nodeId === group.nodeId ? group.suggested.find((s) => step?.answers.some((a) => a.id === s.answerId)) : undefined;
  const [answerId, setAnswerId] = useState(suggestedHere?.answerId ?? '');
  const [state, setState] = useState<AddState>({ kind: 'idle' });
  const questionId = `unmatched-${index}`;

  const origin = steps.find((s) => s.nodeId === group.nodeId);
  const suggestions = group.suggested.map((s) => `${origin?.answers.find((a) => a.id === s.answerId)?.title ?? s.answerId} (${formatRate(s.score, lang)})`);

  const add = async () => {
    setState({ kind: 'adding' });
    try {
      await draft.save();
      const { added } = await analyticsApi.addPhrase(botId, { nodeId, answerId, phrase: group.text });
      setState({ kind: 'added', already: !added });
    } catch (err) {
      setState({ kind: 'failed', message: apiErrorText(err, t) });
      return;
    }
    // The phrase is saved either way; a failed reload only means the editor shows it after the next load.
    await draft.reload().catch(() => undefined);
  };

  return (
    <li className="unmatched" aria-labelledby={questionId}>
      <div className="unmatched__question">
        <q id={questionId} className="unmatched__text">
          {group.text}
        </q>
        <span className="unmatched__count">{t('analytics.unmatched.times', { count: group.count, formatted: formatCount(group.count, lang) })}</span>
      </div>
      {group.variants.length > 0 && (
        <p className="unmatched__variants">
          {t('analytics.unmatched.variants')}: {group.variants.map((v) => `“${v}”`).join(', ')}
        </p>
      )}
      <p className="unmatched__hint">{suggestions.length > 0 ? t('analytics.unmatched.suggested', { answers: suggestions.join(', ') }) : t('analytics.unmatched.noSuggestion')}</p>
      {steps.length === 0 ? (
        <p className="unmatched__none">{t('analytics.unmatched.noFaq')}</p>
      ) : (
        <div className="unmatched__add">
          {steps.length > 1 && (
            <label>
              {t('analytics.unmatched.step')}
              <select
                value={nodeId}
                onChange={(e) => {
                  setNodeId(e.target.value);
                  setAnswerId('');
                  setState({ kind: 'idle' });
                }}
              >
                {steps.map((s) => (
                  <option key={s.nodeId} value={s.nodeId}>
                    {titles.get(s.nodeId) ?? s.nodeId}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label>
            {t('analytics.unmatched.answer')}
            <select
              value={answerId}
              onChange={(e) => {
                setAnswerId(e.target.value);
                setState({ kind: 'idle' });
              }}
            >
              <option value="">{t('analytics.unmatched.chooseAnswer')}</option>
              {step?.answers.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.title}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="btn btn--secondary" disabled={!answerId || state.kind === 'adding' || state.kind === 'added'} aria-describedby={questionId} onClick={() => void add()}>
            {state.kind === 'adding' ? t('analytics.unmatched.adding') : t('analytics.unmatched.add')}
          </button>
        </div>
      )}
      {state.kind === 'added' && (
        <p className="notice notice--success" role="status">
          {state.already ? t('analytics.unmatched.already') : t('analytics.unmatched.added')}{' '}
          <a
            href={`/bots/${encodeURIComponent(botId)}`}
            onClick={(e) => {
              e.preventDefault();
              onOpenCanvas();
            }}
          >
            {t('analytics.unmatched.openCanvas')}
          </a>
        </p>
      )}
      {state.kind === 'failed' && (
        <p className="notice notice--error" role="alert">
          {t('analytics.unmatched.addFailed', { message: state.message })}
        </p>
      )}
    </li>
  );
}
