import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { DEFAULT_SUGGESTION_FLOOR, DEFAULT_THRESHOLD, MAX_SYNONYM_GROUPS, MAX_SYNONYM_WORDS } from '@parley/shared';
import { FaqPreview } from '../forms/FaqPreview';
import { ListEditor, NumberField, StringListField, TextArea, TextField } from '../forms/fields';
import { newId } from '../store/ids';
import { arr, num, rec, str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data, t: TFunction) => {
  const answers = arr(d.answers).map(rec);
  const titles = answers.map((a) => str(a.title)).filter(Boolean).join(' · ');
  return [str(d.prompt), `${t('forms.answers')} (${answers.length})${titles ? `: ${titles}` : ''}`].filter(Boolean).join(' — ');
};

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  const answers = arr(data.answers).map(rec);
  const synonyms = arr(data.synonyms).map(rec);
  const threshold = num(data.threshold) ?? DEFAULT_THRESHOLD;
  const floor = num(data.suggestionFloor) ?? DEFAULT_SUGGESTION_FLOOR;
  // What the preview matches against: the draft as it is, read defensively (it may not pass the schema yet).
  const previewAnswers = useMemo(
    () => arr(data.answers).map(rec).map((a) => ({ id: str(a.id), title: str(a.title), phrases: arr(a.phrases).filter((p): p is string => typeof p === 'string') })),
    [data.answers],
  );
  const previewSynonyms = useMemo(
    () => arr(data.synonyms).map(rec).map((g) => ({ words: arr(g.words).filter((w): w is string => typeof w === 'string' && w.trim() !== '') })).filter((g) => g.words.length >= 2),
    [data.synonyms],
  );
  return (
    <>
      <TextArea label={t('forms.faqPrompt')} path={['prompt']} rows={2} hint={t('forms.faqPromptHint')} value={str(data.prompt)} onChange={(prompt) => update({ prompt }, 'prompt')} />
      <ListEditor
        label={t('forms.answers')}
        itemName={t('forms.answer')}
        path={['answers']}
        items={answers}
        max={100}
        addLabel={t('forms.addAnswer')}
        onChange={(next) => update({ answers: next }, 'answers')}
        itemTitle={(a, i) => str(a.title) || `${t('forms.answer')} ${i + 1}`}
        create={() => ({ id: newId('', 6), title: t('forms.newAnswer', { n: answers.length + 1 }), phrases: [''], reply: '' })}
        render={(a, _i, set, p) => (
          <>
            <TextField label={t('forms.title')} path={[...p, 'title']} value={str(a.title)} onChange={(title) => set({ ...a, title })} />
            <StringListField
              label={t('forms.phrases')}
              itemName={t('forms.phrase')}
              addLabel={t('forms.addPhrase')}
              path={[...p, 'phrases']}
              max={50}
              items={arr<string>(a.phrases)}
              onChange={(phrases) => set({ ...a, phrases })}
            />
            <TextArea label={t('forms.reply')} path={[...p, 'reply']} value={str(a.reply)} onChange={(reply) => set({ ...a, reply })} />
          </>
        )}
      />
      <NumberField
        label={t('forms.threshold')}
        path={['threshold']}
        hint={t('forms.thresholdHint')}
        min={0.05}
        max={1}
        step={0.05}
        value={threshold}
        onChange={(threshold) => update({ threshold }, 'threshold')}
      />
      <NumberField
        label={t('faqTuning.floor')}
        path={['suggestionFloor']}
        hint={t('faqTuning.floorHint')}
        min={0.05}
        max={1}
        step={0.05}
        value={floor}
        onChange={(suggestionFloor) => update({ suggestionFloor }, 'suggestionFloor')}
      />
      <ListEditor
        label={t('faqTuning.synonyms')}
        itemName={t('faqTuning.synonymGroup')}
        path={['synonyms']}
        items={synonyms}
        max={MAX_SYNONYM_GROUPS}
        addLabel={t('faqTuning.addSynonymGroup')}
        onChange={(next) => update({ synonyms: next }, 'synonyms')}
        itemTitle={(g, i) => arr<string>(g.words).filter(Boolean).join(' = ') || `${t('faqTuning.synonymGroup')} ${i + 1}`}
        create={() => ({ words: ['', ''] })}
        render={(g, _i, set, p) => (
          <StringListField
            label={t('faqTuning.synonymWords')}
            itemName={t('faqTuning.synonymWord')}
            addLabel={t('faqTuning.addSynonymWord')}
            path={[...p, 'words']}
            max={MAX_SYNONYM_WORDS}
            items={arr<string>(g.words)}
            onChange={(words) => set({ ...g, words })}
          />
        )}
      />
      <p className="field__hint">{t('faqTuning.synonymsHint')}</p>
      <FaqPreview answers={previewAnswers} threshold={threshold} floor={floor} synonyms={previewSynonyms} />
    </>
  );
}

export const faq: StepView = {
  kind: 'faq',
  color: '#0d9488',
  icon: 'M4 4h12v9h-5l-4 3v-3H4zM8 8h4',
  outletLabel: fixedOutletLabels({ noMatch: 'outletNames.noMatch' }),
  summary,
  Form,
};
