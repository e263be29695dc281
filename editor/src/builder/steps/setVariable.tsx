import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { StepNodeView } from '../canvas/StepNodeView';
import { TextArea } from '../forms/fields';
import { VariableField } from '../forms/VariableField';
import { str, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data) => `{{${str(d.variable)}}} = ${str(d.value) || '""'}`;

function Node({ id, selected }: NodeProps) {
  return <StepNodeView id={id} kind="setVariable" selected={!!selected} summary={summary} />;
}

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  return (
    <>
      <VariableField label={t('forms.setVariable')} path={['variable']} value={str(data.variable)} onChange={(variable) => update({ variable }, 'variable')} />
      <TextArea label={t('forms.setValue')} path={['value']} rows={2} hint={t('forms.setValueHint', { example: '{{name}}' })} value={str(data.value)} onChange={(value) => update({ value }, 'value')} />
    </>
  );
}

export const setVariable: StepView = { kind: 'setVariable', Node, Form, summary };
