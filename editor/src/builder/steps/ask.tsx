import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { InputType } from '@parley/shared';
import { NumberField, SelectField, StringListField, TextArea, TextField } from '../forms/fields';
import { VariableField } from '../forms/VariableField';
import { arr, num, str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data, t: TFunction) => {
  const variable = str(d.variable);
  return `${str(d.prompt)}${variable ? ` → {{${variable}}}` : ''}${d.inputType && d.inputType !== 'text' ? ` (${t(`forms.inputTypes.${str(d.inputType)}`)})` : ''}`;
};

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  const inputType = (str(data.inputType) || 'text') as InputType;
  return (
    <>
      <TextArea label={t('forms.prompt')} path={['prompt']} value={str(data.prompt)} onChange={(prompt) => update({ prompt }, 'prompt')} />
      <div className="field-row">
        <SelectField
          label={t('forms.inputType')}
          path={['inputType']}
          value={inputType}
          options={InputType.options.map((v) => ({ value: v, label: t(`forms.inputTypes.${v}`) }))}
          onChange={(v) => update({ inputType: v })}
        />
        <VariableField label={t('forms.variable')} path={['variable']} value={str(data.variable)} onChange={(variable) => update({ variable }, 'variable')} />
      </div>
      {inputType === 'choice' && (
        <StringListField
          label={t('forms.choices')}
          itemName={t('forms.choice')}
          addLabel={t('forms.addChoice')}
          path={['choices']}
          max={10}
          items={arr<string>(data.choices)}
          onChange={(choices) => update({ choices }, 'choices')}
        />
      )}
      {(inputType === 'text' || inputType === 'email' || inputType === 'phone') && (
        <TextField label={t('forms.pattern')} path={['pattern']} optional value={str(data.pattern)} onChange={(pattern) => update({ pattern }, 'pattern')} />
      )}
      {(inputType === 'text' || inputType === 'number') && (
        <div className="field-row">
          <NumberField label={t('forms.min')} path={['min']} optional value={num(data.min)} onChange={(min) => update({ min }, 'min')} />
          <NumberField label={t('forms.max')} path={['max']} optional value={num(data.max)} onChange={(max) => update({ max }, 'max')} />
        </div>
      )}
      <TextArea label={t('forms.invalidMessage')} path={['invalidMessage']} optional rows={2} value={str(data.invalidMessage)} onChange={(invalidMessage) => update({ invalidMessage }, 'invalidMessage')} />
      <NumberField label={t('forms.maxRetries')} path={['maxRetries']} min={0} max={10} value={num(data.maxRetries) ?? 2} onChange={(maxRetries) => update({ maxRetries }, 'maxRetries')} />
    </>
  );
}

export const ask: StepView = {
  kind: 'ask',
  color: '#0891b2',
  icon: 'M7 7a3 3 0 1 1 4 2.8c-.7.3-1 .8-1 1.5V12M10 15v.5',
  outletLabel: fixedOutletLabels({ next: 'outletNames.answered', invalid: 'outletNames.invalid' }),
  summary,
  Form,
};
