import { useDeferredValue, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { matchFaq, rankFaq, type FaqEntry, type SynonymGroup } from '@parley/shared';

export interface FaqPreviewProps {
  answers: readonly { id: string; title: string; phrases: readonly string[] }[];
  threshold: number;
  floor: number;
  synonyms: readonly SynonymGroup[];
}

const percent = (score: number) => `${Math.round(Math.min(1, Math.max(0, score)) * 100)}%`;

/**
 * The matcher on the admin's draft, in the browser: type a question, see every answer's score against the threshold
 * and the suggestion floor, and what the step would do. The same code as the runtime (shared's matcher), without
 * the optional embeddings, which only the server can reach.
 */
export function FaqPreview({ answers, threshold, floor, synonyms }: FaqPreviewProps) {
  const { t } = useTranslation();
  const id = useId();
  const [question, setQuestion] = useState('');
  const deferred = useDeferredValue(question);
  // Stable arrays per draft, so the matcher's index (cached by array identity) is built once per edit, not per key.
  const entries = useMemo<FaqEntry[]>(() => answers.map((a) => ({ id: a.id, phrases: a.phrases.filter((p) => p.trim() !== '') })), [answers]);
  const titles = useMemo(() => new Map(answers.map((a) => [a.id, a.title || a.id])), [answers]);
  const { ranked, verdict } = useMemo(() => {
    if (deferred.trim() === '') return { ranked: [], verdict: null };
    const match = matchFaq(entries, deferred, { threshold, floor, synonyms });
    const offered = match.ambiguous && match.candidates.length > 1 ? match.candidates : match.best ? [] : match.suggestions;
    const verdict =
      offered.length > 0
        ? t('faqTuning.verdictSuggest', { titles: offered.map((c) => titles.get(c.id)).join(', ') })
        : match.best
          ? t('faqTuning.verdictAnswer', { title: titles.get(match.best.id) })
          : t('faqTuning.verdictNone');
    return { ranked: rankFaq(entries, deferred, { synonyms }), verdict };
  }, [deferred, entries, threshold, floor, synonyms, titles, t]);

  return (
    <section className="field faq-preview" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`} className="field__label">
        {t('faqTuning.previewTitle')}
      </h4>
      <input id={`${id}-q`} className="input" aria-label={t('faqTuning.previewQuestion')} placeholder={t('faqTuning.previewPlaceholder')} value={question} onChange={(e) => setQuestion(e.target.value)} />
      <p className="field__hint">{t('faqTuning.previewHint', { threshold: percent(threshold), floor: percent(Math.min(floor, threshold)) })}</p>
      {verdict && (
        <p role="status" className="faq-preview__verdict">
          {verdict}
        </p>
      )}
      {deferred.trim() !== '' && ranked.length === 0 && <p className="field__hint">{t('faqTuning.previewNothing')}</p>}
      {ranked.length > 0 && (
        <ol className="faq-preview__list" aria-label={t('faqTuning.previewRanked')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {ranked.map((r) => {
            const band = r.score >= threshold ? 'answer' : r.score >= Math.min(floor, threshold) ? 'suggest' : 'below';
            return (
              <li key={r.id} data-band={band} style={{ margin: '4px 0' }}>
                <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                  <span>{titles.get(r.id)}</span>
                  <span>
                    {r.score.toFixed(2)} · {t(`faqTuning.band.${band}`)}
                  </span>
                </div>
                {/* The bar with the threshold and the floor marked on it. */}
                <div aria-hidden="true" style={{ position: 'relative', height: 6, background: '#e5e7eb', borderRadius: 3 }}>
                  <div style={{ width: percent(r.score), height: '100%', borderRadius: 3, background: band === 'answer' ? '#0d9488' : band === 'suggest' ? '#d97706' : '#9ca3af' }} />
                  <div title={t('faqTuning.thresholdMark')} style={{ position: 'absolute', top: -2, bottom: -2, left: percent(threshold), width: 2, background: '#111827' }} />
                  <div title={t('faqTuning.floorMark')} style={{ position: 'absolute', top: -2, bottom: -2, left: percent(Math.min(floor, threshold)), width: 2, background: '#6b7280' }} />
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
