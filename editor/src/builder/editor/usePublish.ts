import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Diagnostic } from '@parley/shared';
import { adminApi } from '../api/admin';
import { ApiError } from '../api/client';
import { toast } from '../app/ui';
import { useFlowStore } from '../store/flowStore';

/**
 * Saves the draft, then publishes it as a new version. When the server finds problems the editor missed,
 * they replace the diagnostics and `showProblems` is called. `published` counts successes, to refresh the version list.
 */
export function usePublish(botId: string, save: () => Promise<boolean>, showProblems: () => void) {
  const { t } = useTranslation();
  const [publishing, setPublishing] = useState(false);
  const [published, setPublished] = useState(0);

  const publish = async () => {
    setPublishing(true);
    try {
      if (!(await save())) return;
      const r = await adminApi.publish(botId);
      toast(t('editor.published', { version: r.version }), 'success', 6000);
      setPublished((k) => k + 1);
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && Array.isArray(err.details)) {
        useFlowStore.setState({ diagnostics: err.details as Diagnostic[] });
        showProblems();
      }
      toast(t('editor.publishFailed', { message: (err as Error).message }), 'error', 8000);
    } finally {
      setPublishing(false);
    }
  };

  return { publish, publishing, published };
}
