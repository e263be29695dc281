import { useTranslation } from 'react-i18next';
import { TextArea } from '../forms/fields';
import { VariableField } from '../forms/VariableField';
import { str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data) => `{{${str(d.variable)}}} = ${str(d.value) || '""'}`;

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  return (
    <>
      <VariableField label={t('forms.setVariable')} path={['variable']} value={str(data.variable)} onChange={(variable) => update({ variable }, 'variable')} />
      <TextArea label={t('forms.setValue')} path={['value']} rows={2} hint={t('forms.setValueHint', { example: '{{name}}' })} value={str(data.value)} onChange={(value) => update({ value }, 'value')} />
    </>
  );
}

export const setVariable: StepView = {
  kind: 'setVariable',
  color: '#64748b',
  icon: 'M5 4C3 7 3 13 5 16M15 4c2 3 2 9 0 12M8 8l4 4M12 8l-4 4',
  outletLabel: fixedOutletLabels({ next: 'outletNames.next' }),
  summary,
  Form,
};
