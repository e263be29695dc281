import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CheckboxField, TextArea } from '../forms/fields';
import { VariableField } from '../forms/VariableField';
import { str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data, t: TFunction) => [str(d.message), d.askResolved === true ? str(d.question) || t('forms.askResolved') : ''].filter(Boolean).join(' — ');

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  const ask = data.askResolved === true;
  return (
    <>
      <TextArea label={t('forms.endMessage')} path={['message']} optional rows={3} value={str(data.message)} onChange={(message) => update({ message }, 'message')} />
      <CheckboxField label={t('forms.askResolved')} path={['askResolved']} checked={ask} onChange={(askResolved) => update({ askResolved })} />
      {ask && (
        <>
          <TextArea label={t('forms.resolvedQuestion')} path={['question']} optional rows={2} value={str(data.question)} onChange={(question) => update({ question }, 'question')} />
          <VariableField label={t('forms.resolvedVariable')} path={['variable']} optional value={str(data.variable)} onChange={(variable) => update({ variable }, 'variable')} />
        </>
      )}
    </>
  );
}

export const end: StepView = {
  kind: 'end',
  color: '#dc2626',
  icon: 'M5 5h10v10H5z',
  outletLabel: fixedOutletLabels({}),
  summary,
  Form,
};
