import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updateDocument } from '../store/flowStore';

/** The bot's name, which the server requires: an emptied field is not saved, and goes back to the name on leaving it. */
export function NameInput({ name }: { name: string }) {
  const { t } = useTranslation();
  const [text, setText] = useState(name);
  useEffect(() => setText(name), [name]);
  return (
    <input
      className="topbar__name"
      aria-label={t('editor.botName')}
      value={text}
      maxLength={120}
      aria-invalid={text.trim() === ''}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() !== '') updateDocument({ name: e.target.value }, 'name');
      }}
      onBlur={() => setText(name)}
    />
  );
}
