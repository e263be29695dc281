import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';

/** Names the browser tab after the bot being edited. */
export function useDocumentTitle(botName: string) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${botName || t('editor.botName')} — ${t('app.name')}`;
  }, [botName, t]);
}
