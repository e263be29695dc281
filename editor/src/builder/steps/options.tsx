import { useTranslation } from 'react-i18next';
import { TextArea } from '../forms/fields';
import { ButtonsEditor } from '../forms/ButtonsEditor';
import { VariableField } from '../forms/VariableField';
import { arr, rec, str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data) => str(d.text);

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextArea label={t('forms.question')} path={['text']} value={str(data.text)} onChange={(text) => update({ text }, 'text')} />
      <ButtonsEditor
        label={t('forms.options')}
        itemName={t('forms.option')}
        addLabel={t('forms.addOption')}
        newLabel={(n) => t('forms.newOption', { n })}
        path={['options']}
        items={arr(data.options).map(rec)}
        onChange={(options) => update({ options }, 'options')}
        max={10}
      />
      <VariableField
        label={t('forms.storeIn')}
        path={['variable']}
        optional
        hint={t('forms.storeInHint')}
        value={str(data.variable)}
        onChange={(variable) => update({ variable }, 'variable')}
      />
    </>
  );
}

export const options: StepView = {
  kind: 'options',
  color: '#7c3aed',
  icon: 'M4 5h2M9 5h8M4 10h2M9 10h8M4 15h2M9 15h8',
  outletLabel: fixedOutletLabels({ text: 'outletNames.freeText' }),
  summary,
  Form,
};
