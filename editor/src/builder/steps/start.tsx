import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { StepNodeView } from '../canvas/StepNodeView';
import type { FormProps, StepView } from './types';

export const summary = () => '';

function Node({ id, selected }: NodeProps) {
  return <StepNodeView id={id} kind="start" selected={!!selected} summary={summary} />;
}

function Form(_props: FormProps) {
  const { t } = useTranslation();
  return <p className="muted">{t('panel.noSettings')}</p>;
}

export const start: StepView = { kind: 'start', Node, Form, summary };
