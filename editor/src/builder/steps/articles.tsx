import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { NumberField, TextArea, TextField } from '../forms/fields';
import { adminApi } from '../api/admin';
import { readText } from '../app/files';
import { num, str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data, t: TFunction) => [str(d.intro), `${t('forms.query')}: ${str(d.query)}`].filter(Boolean).join(' — ');

/** A Zendesk export is `{ articles: [...] }` (one page of the Help Center API); a bare array is accepted too. */
function articlesIn(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (typeof json === 'object' && json !== null && Array.isArray((json as { articles?: unknown }).articles)) return (json as { articles: unknown[] }).articles;
  return null;
}

export function ArticlesImport() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; text: string }>({ kind: 'idle' });
  const onFile = async (file: File) => {
    setState({ kind: 'busy' });
    try {
      const list = articlesIn(JSON.parse(await readText(file)));
      if (!list) return setState({ kind: 'error', text: t('forms.importNotArticles') });
      const r = await adminApi.importArticles(list);
      setState({ kind: 'done', text: t('forms.imported', { created: r.created, updated: r.updated, total: r.total }) });
    } catch (err) {
      setState({ kind: 'error', text: t('forms.importFailed', { message: (err as Error).message }) });
    }
  };
  return (
    <div className="subsection">
      <button type="button" className="btn btn--secondary" disabled={state.kind === 'busy'} onClick={() => input.current?.click()}>
        {state.kind === 'busy' ? t('forms.importing') : t('forms.importArticles')}
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label={t('forms.importArticles')}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void onFile(file);
        }}
      />
      <p className="field__hint">{t('forms.importArticlesHint')}</p>
      {state.kind === 'done' && (
        <p className="notice notice--success" role="status">
          {state.text}
        </p>
      )}
      {state.kind === 'error' && (
        <p className="notice notice--error" role="alert">
          {state.text}
        </p>
      )}
    </div>
  );
}

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField label={t('forms.query')} path={['query']} value={str(data.query)} onChange={(query) => update({ query }, 'query')} hint={t('fields.templateHint', { example: '{{last_message}}' })} />
      <div className="field-row">
        <NumberField label={t('forms.limit')} path={['limit']} min={1} max={6} value={num(data.limit) ?? 3} onChange={(limit) => update({ limit }, 'limit')} />
        <TextField label={t('forms.articleLocale')} path={['locale']} optional value={str(data.locale)} onChange={(locale) => update({ locale }, 'locale')} placeholder="en-us" />
      </div>
      <TextArea label={t('forms.articlesIntro')} path={['intro']} optional rows={2} value={str(data.intro)} onChange={(intro) => update({ intro }, 'intro')} />
      <TextArea label={t('forms.articlesQuestion')} path={['question']} optional rows={2} value={str(data.question)} onChange={(question) => update({ question }, 'question')} />
      <ArticlesImport />
    </>
  );
}

export const articles: StepView = {
  kind: 'articles',
  color: '#0f766e',
  icon: 'M5 3h7l3 3v11H5zM8 9h5M8 12h5',
  outletLabel: fixedOutletLabels({ resolved: 'outletNames.resolved', notResolved: 'outletNames.notResolved', none: 'outletNames.none' }),
  summary,
  Form,
};
