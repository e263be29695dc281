import { useTranslation } from 'react-i18next';
import { TextArea } from '../forms/fields';
import { str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data) => str(d.text);

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  return (
    <TextArea
      label={t('forms.text')}
      path={['text']}
      rows={5}
      value={str(data.text)}
      onChange={(text) => update({ text }, 'text')}
      hint={t('fields.templateHint', { example: '{{name}}' })}
    />
  );
}

export const message: StepView = {
  kind: 'message',
  color: '#2563eb',
  icon: 'M3 5h14v9H8l-4 3v-3H3z',
  outletLabel: fixedOutletLabels({ next: 'outletNames.next' }),
  summary,
  Form,
};
