import { useTranslation } from 'react-i18next';
import { newId } from '../store/ids';
import { ListEditor, SelectField, TextField, type Path } from './fields';
import { str } from '../steps/types';
import type { Data } from '../store/variables';

export type ButtonData = Data;

/** Quick replies and card buttons: a label, and either a reply that continues the flow or a link. */
export function ButtonsEditor({
  label,
  itemName,
  addLabel,
  newLabel,
  path,
  items,
  onChange,
  max,
}: {
  label: string;
  itemName: string;
  addLabel: string;
  newLabel: (n: number) => string;
  path: Path;
  items: ButtonData[];
  onChange: (items: ButtonData[]) => void;
  max: number;
}) {
  const { t } = useTranslation();
  return (
    <ListEditor
      label={label}
      itemName={itemName}
      path={path}
      items={items}
      onChange={onChange}
      max={max}
      addLabel={addLabel}
      create={() => ({ id: newId('', 6), label: newLabel(items.length + 1), action: 'postback' })}
      itemTitle={(b, i) => str(b.label) || `${itemName} ${i + 1}`}
      render={(b, _i, update, p) => (
        <>
          <TextField label={t('forms.label')} path={[...p, 'label']} value={str(b.label)} onChange={(v) => update({ ...b, label: v })} />
          <SelectField
            label={t('forms.action')}
            path={[...p, 'action']}
            value={(str(b.action) || 'postback') as 'postback' | 'link'}
            options={[
              { value: 'postback', label: t('forms.actionPostback') },
              { value: 'link', label: t('forms.actionLink') },
            ]}
            onChange={(action) => update(action === 'link' ? { ...b, action, url: str(b.url) || 'https://' } : { ...b, action, url: undefined })}
          />
          {b.action === 'link' && <TextField label={t('forms.url')} type="url" path={[...p, 'url']} value={str(b.url)} onChange={(v) => update({ ...b, url: v })} />}
        </>
      )}
    />
  );
}
