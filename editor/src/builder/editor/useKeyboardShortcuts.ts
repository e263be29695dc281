import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from '../app/ui';
import { copySelection, deleteSelection, paste, redo, undo } from '../store/flowStore';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

/** Undo, redo, copy, paste and delete anywhere in the editor, except while typing or in a dialog. */
export function useKeyboardShortcuts() {
  const { t } = useTranslation();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || document.querySelector('.modal')) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'z' && !e.shiftKey) {
        e.preventDefault();
        undo();
      } else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) {
        e.preventDefault();
        redo();
      } else if (mod && key === 'c') {
        const n = copySelection();
        if (n > 0) toast(t('editor.copied', { count: n }));
      } else if (mod && key === 'v') {
        e.preventDefault();
        const ids = paste();
        if (ids.length > 0) toast(t('editor.pasted', { count: ids.length }));
      } else if ((key === 'delete' || key === 'backspace') && !(e.target as HTMLElement | null)?.closest?.('.react-flow')) {
        // React Flow handles the key itself when it has focus; this covers focus in the side panels' lists.
        if (document.activeElement === document.body) deleteSelection();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [t]);
}
