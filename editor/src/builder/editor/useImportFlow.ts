import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseFlowDocument } from '@parley/shared';
import { readText } from '../app/files';
import { toast } from '../app/ui';
import { useSchemaMessage } from '../i18n/schemaMessages';
import { replaceDocument } from '../store/flowStore';

/** Replaces the flow with one from a JSON file, as one undoable step; a file that does not parse leaves the flow alone and lists why. */
export function useImportFlow(botId: string) {
  const { t } = useTranslation();
  const translate = useSchemaMessage();
  const [importErrors, setImportErrors] = useState<string[] | null>(null);

  const importFlow = async (file: File) => {
    let json: unknown;
    try {
      json = JSON.parse(await readText(file));
    } catch {
      return setImportErrors([t('editor.importInvalidJson')]);
    }
    const parsed = parseFlowDocument(json);
    if (!parsed.success) {
      return setImportErrors(parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(root)'}: ${translate(i.message)}`));
    }
    replaceDocument({ ...parsed.data, id: botId });
    toast(t('editor.imported'), 'success');
  };

  return { importFlow, importErrors, dismissImportErrors: () => setImportErrors(null) };
}
