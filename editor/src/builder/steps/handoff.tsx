import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Priority } from '@parley/shared';
import { ListEditor, SelectField, StringListField, TextArea, TextField } from '../forms/fields';
import { VariableField } from '../forms/VariableField';
import { arr, str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

export const summary = (d: Data, t: TFunction) => {
  const priority = str(d.priority);
  return `${str(d.subject)}${priority && priority !== 'normal' ? ` · ${t(`forms.priorities.${priority}`)}` : ''}${str(d.group) ? ` · ${str(d.group)}` : ''}`;
};

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextArea label={t('forms.handoffMessage')} path={['message']} optional rows={2} value={str(data.message)} onChange={(message) => update({ message }, 'message')} />
      <TextField label={t('forms.subject')} path={['subject']} value={str(data.subject)} onChange={(subject) => update({ subject }, 'subject')} />
      <div className="field-row">
        <SelectField
          label={t('forms.priority')}
          path={['priority']}
          value={(str(data.priority) || 'normal') as Priority}
          options={Priority.options.map((p) => ({ value: p, label: t(`forms.priorities.${p}`) }))}
          onChange={(priority) => update({ priority })}
        />
        <TextField label={t('forms.group')} path={['group']} optional value={str(data.group)} onChange={(group) => update({ group }, 'group')} />
      </div>
      <StringListField label={t('forms.tags')} itemName={t('forms.tag')} addLabel={t('forms.addTag')} path={['tags']} max={20} items={arr<string>(data.tags)} onChange={(tags) => update({ tags }, 'tags')} />
      <ListEditor
        label={t('forms.fields')}
        itemName={t('forms.field')}
        path={['fields']}
        items={arr<string>(data.fields)}
        max={50}
        compact
        addLabel={t('forms.addField')}
        onChange={(fields) => update({ fields }, 'fields')}
        create={() => ''}
        render={(name, i, set, p) => <VariableField label={`${t('forms.field')} ${i + 1}`} path={p} value={name} onChange={set} />}
      />
    </>
  );
}

export const handoff: StepView = {
  kind: 'handoff',
  color: '#db2777',
  icon: 'M7 8a3 3 0 1 1 0-.1M2 17c0-3 2-5 5-5s5 2 5 5M13 10h5M16 7l2 3-2 3',
  outletLabel: fixedOutletLabels({}),
  summary,
  Form,
};
