import { useTranslation } from 'react-i18next';
import { toast } from '../app/ui';

/** Leaves only once the draft is saved: leaving with changes the server refused would lose them, so stay and say why. */
export function useSaveBeforeLeaving(save: () => Promise<boolean>) {
  const { t } = useTranslation();
  return async (leave: () => void) => {
    if (await save()) leave();
    else toast(t('save.leaveWarning'), 'error');
  };
}
