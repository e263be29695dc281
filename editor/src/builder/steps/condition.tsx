import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { Operator } from '@parley/shared';
import { ListEditor, SelectField, TextField } from '../forms/fields';
import { VariableField } from '../forms/VariableField';
import { newId } from '../store/ids';
import { arr, rec, str, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

const clauseText = (c: Data, t: TFunction) =>
  `{{${str(c.variable)}}} ${t(`forms.ops.${str(c.op) || 'is'}`)}${c.op === 'isSet' ? '' : ` “${str(c.value)}”`}`;

export const summary = (d: Data, t: TFunction) =>
  arr(d.rules)
    .map(rec)
    .map((r) => str(r.label) || arr(r.clauses).map(rec).map((c) => clauseText(c, t)).join(r.join === 'or' ? ' or ' : ' and '))
    .join(' | ');

/** Else is fixed and translated; a rule the admin left unlabelled ("Rule 2") gets the translated name, a labelled one keeps its own. */
const outletLabel: StepView['outletLabel'] = (outlet, index, t) => {
  if (outlet.id === 'else') return t('outletNames.else');
  if (/^Rule \d+$/.test(outlet.label)) return t('outletNames.rule', { n: index + 1 });
  return outlet.label;
};

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  const rules = arr(data.rules).map(rec);
  const ops = Operator.options.map((o) => ({ value: o, label: t(`forms.ops.${o}`) }));
  return (
    <ListEditor
      label={t('forms.rules')}
      itemName={t('forms.rule')}
      path={['rules']}
      items={rules}
      max={20}
      addLabel={t('forms.addRule')}
      onChange={(next) => update({ rules: next }, 'rules')}
      itemTitle={(r, i) => str(r.label) || `${t('forms.rule')} ${i + 1}`}
      create={() => ({ id: newId('r', 5), label: '', join: 'and', clauses: [{ variable: '', op: 'isSet', value: '' }] })}
      render={(rule, _i, set, p) => (
        <>
          <div className="field-row">
            <TextField label={t('forms.ruleLabel')} path={[...p, 'label']} optional value={str(rule.label)} onChange={(label) => set({ ...rule, label })} />
            <SelectField
              label={t('forms.join')}
              path={[...p, 'join']}
              value={(str(rule.join) || 'and') as 'and' | 'or'}
              options={[
                { value: 'and', label: t('forms.joinAnd') },
                { value: 'or', label: t('forms.joinOr') },
              ]}
              onChange={(join) => set({ ...rule, join })}
            />
          </div>
          <ListEditor
            label={t('forms.clauses')}
            itemName={t('forms.clause')}
            path={[...p, 'clauses']}
            items={arr(rule.clauses).map(rec)}
            max={20}
            addLabel={t('forms.addClause')}
            onChange={(clauses) => set({ ...rule, clauses })}
            create={() => ({ variable: '', op: 'is', value: '' })}
            itemTitle={(c) => clauseText(c, t)}
            render={(c, _j, setClause, cp) => (
              <>
                <VariableField label={t('forms.variable')} path={[...cp, 'variable']} value={str(c.variable)} onChange={(variable) => setClause({ ...c, variable })} />
                <div className="field-row">
                  <SelectField label={t('forms.operator')} path={[...cp, 'op']} value={(str(c.op) || 'is') as Operator} options={ops} onChange={(op) => setClause({ ...c, op })} />
                  {c.op !== 'isSet' && <TextField label={t('forms.value')} path={[...cp, 'value']} value={str(c.value)} onChange={(value) => setClause({ ...c, value })} />}
                </div>
              </>
            )}
          />
        </>
      )}
    />
  );
}

export const condition: StepView = {
  kind: 'condition',
  color: '#d97706',
  icon: 'M10 3v5M10 8L5 13v4M10 8l5 5v4',
  outletLabel: outletLabel,
  summary,
  Form,
};
