import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ListEditor, TextArea, TextField } from '../forms/fields';
import { ButtonsEditor } from '../forms/ButtonsEditor';
import { VariableField } from '../forms/VariableField';
import { newId } from '../store/ids';
import { arr, rec, str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data, t: TFunction) => {
  const cards = arr(d.cards).map(rec);
  const titles = cards.map((c) => str(c.title)).filter(Boolean).join(' · ');
  return [str(d.text), `${t('forms.cards')} (${cards.length})${titles ? `: ${titles}` : ''}`].filter(Boolean).join(' — ');
};

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  const cards = arr(data.cards).map(rec);
  return (
    <>
      <TextArea label={t('forms.intro')} path={['text']} optional rows={2} value={str(data.text)} onChange={(text) => update({ text }, 'text')} />
      <ListEditor
        label={t('forms.cards')}
        itemName={t('forms.card')}
        path={['cards']}
        items={cards}
        max={10}
        addLabel={t('forms.addCard')}
        onChange={(next) => update({ cards: next }, 'cards')}
        itemTitle={(c, i) => str(c.title) || `${t('forms.card')} ${i + 1}`}
        create={() => ({
          id: newId('', 6),
          title: t('forms.newCard', { n: cards.length + 1 }),
          description: '',
          buttons: [{ id: newId('', 6), label: t('forms.newButton', { n: 1 }), action: 'postback' }],
        })}
        render={(card, _i, set, p) => (
          <>
            <TextField label={t('forms.title')} path={[...p, 'title']} value={str(card.title)} onChange={(title) => set({ ...card, title })} />
            <TextArea label={t('forms.description')} path={[...p, 'description']} rows={2} optional value={str(card.description)} onChange={(description) => set({ ...card, description })} />
            <TextField label={t('forms.imageUrl')} type="url" path={[...p, 'imageUrl']} optional value={str(card.imageUrl)} onChange={(imageUrl) => set({ ...card, imageUrl })} />
            <ButtonsEditor
              label={t('forms.buttons')}
              itemName={t('forms.button')}
              addLabel={t('forms.addButton')}
              newLabel={(n) => t('forms.newButton', { n })}
              path={[...p, 'buttons']}
              items={arr(card.buttons).map(rec)}
              onChange={(buttons) => set({ ...card, buttons })}
              max={3}
            />
          </>
        )}
      />
      <VariableField label={t('forms.storeIn')} path={['variable']} optional hint={t('forms.storeInHint')} value={str(data.variable)} onChange={(variable) => update({ variable }, 'variable')} />
    </>
  );
}

export const carousel: StepView = {
  kind: 'carousel',
  color: '#9333ea',
  icon: 'M2 6h3v8H2M7 4h6v12H7zM15 6h3v8h-3',
  outletLabel: fixedOutletLabels({ text: 'outletNames.freeText' }),
  summary,
  Form,
};
