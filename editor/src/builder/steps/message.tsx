import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { StepNodeView } from '../canvas/StepNodeView';
import { TextArea } from '../forms/fields';
import { str, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data) => str(d.text);

function Node({ id, selected }: NodeProps) {
  return <StepNodeView id={id} kind="message" selected={!!selected} summary={summary} />;
}

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

export const message: StepView = { kind: 'message', Node, Form, summary };
