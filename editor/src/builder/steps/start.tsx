import { useTranslation } from 'react-i18next';
import { fixedOutletLabels, type FormProps, type StepView } from './types';

export const summary = () => '';

function Form(_props: FormProps) {
  const { t } = useTranslation();
  return <p className="muted">{t('panel.noSettings')}</p>;
}

export const start: StepView = {
  kind: 'start',
  color: '#16a34a',
  icon: 'M6 4l10 6-10 6z',
  outletLabel: fixedOutletLabels({ next: 'outletNames.next' }),
  summary,
  Form,
};
