import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListEditor, SelectField, TextArea, TextField } from '../forms/fields';
import { integrationsApi, type Integration } from '../integrations/integrationsApi';
import { arr, str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

interface Entry {
  key: string;
  value: string;
}

export const summary = (d: Data) => {
  const entries = arr<Entry>(d.metadata).length;
  return `${str(d.integrationId)}${entries > 0 ? ` · ${entries} metadata` : ''}`;
};

/**
 * The integrations an admin may pass to, or nothing when they cannot be listed (then the id is typed; the step's
 * schema reports an empty one).
 */
function useIntegrations(): Integration[] | undefined {
  const [list, setList] = useState<Integration[]>();
  useEffect(() => {
    let live = true;
    integrationsApi.integrations().then(
      (all) => live && setList(all.filter((i) => i.revokedAt === null)),
      () => live && setList(undefined),
    );
    return () => {
      live = false;
    };
  }, []);
  return list;
}

function Form({ data, update }: FormProps) {
  const { t } = useTranslation();
  const integrations = useIntegrations();
  const id = str(data.integrationId);
  const known = integrations && integrations.length > 0;
  return (
    <>
      {known ? (
        <SelectField
          label={t('passToIntegration.integration')}
          path={['integrationId']}
          value={id || undefined}
          options={[
            ...integrations.map((i) => ({ value: i.id, label: i.scopes.includes('messages:write') ? i.name : t('passToIntegration.cannotAnswer', { name: i.name }) })),
            ...(id && !integrations.some((i) => i.id === id) ? [{ value: id, label: t('passToIntegration.unknown', { id }) }] : []),
          ]}
          onChange={(integrationId) => update({ integrationId })}
        />
      ) : (
        <TextField
          label={t('passToIntegration.integrationId')}
          path={['integrationId']}
          hint={id ? t('passToIntegration.integrationIdHint') : t('passToIntegration.noIntegration')}
          value={id}
          onChange={(integrationId) => update({ integrationId }, 'integrationId')}
        />
      )}
      <TextArea label={t('passToIntegration.message')} path={['message']} optional rows={2} value={str(data.message)} onChange={(message) => update({ message }, 'message')} />
      <ListEditor
        label={t('passToIntegration.metadata')}
        itemName={t('passToIntegration.entry')}
        path={['metadata']}
        items={arr<Entry>(data.metadata)}
        max={20}
        itemTitle={(entry, i) => entry.key || `${t('passToIntegration.entry')} ${i + 1}`}
        addLabel={t('passToIntegration.addEntry')}
        onChange={(metadata) => update({ metadata }, 'metadata')}
        create={() => ({ key: '', value: '' })}
        render={(entry, _i, set, p) => (
          <div className="field-row">
            <TextField label={t('passToIntegration.key')} path={[...p, 'key']} value={entry.key} onChange={(key) => set({ ...entry, key })} />
            <TextField label={t('passToIntegration.value')} path={[...p, 'value']} value={entry.value} onChange={(value) => set({ ...entry, value })} />
          </div>
        )}
      />
      <p className="field__hint">{t('passToIntegration.releaseHint')}</p>
    </>
  );
}

export const passToIntegration: StepView = {
  kind: 'passToIntegration',
  color: '#be185d',
  icon: 'M3 10h9M9 6l4 4-4 4M15 4v12',
  outletLabel: fixedOutletLabels({ released: 'outletNames.released', unavailable: 'outletNames.unavailable' }),
  summary,
  Form,
};
