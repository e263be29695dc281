import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../api/admin';
import { toast } from '../app/ui';
import { replaceDocument } from '../store/flowStore';

/** Makes a published version the draft again, as one undoable step, and saves it. */
export function useRestoreVersion(botId: string, save: () => Promise<boolean>) {
  const { t } = useTranslation();
  return useCallback(
    async (version: number) => {
      try {
        const r = await adminApi.version(botId, version);
        replaceDocument({ ...r.flow, id: botId });
        await save();
        toast(t('versions.restored', { version }), 'success');
      } catch (err) {
        toast((err as Error).message, 'error');
      }
    },
    [botId, save, t],
  );
}
