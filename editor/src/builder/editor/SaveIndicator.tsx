import { useTranslation } from 'react-i18next';
import type { SaveStatus } from './useAutosave';

/** Whether the draft is saved, announced to screen readers, with a retry after a failed save. */
export function SaveIndicator({ status, onRetry }: { status: SaveStatus; onRetry: () => void }) {
  const { t } = useTranslation();
  const text =
    status.kind === 'saved'
      ? t('save.saved')
      : status.kind === 'saving'
        ? t('save.saving')
        : status.kind === 'dirty' || status.kind === 'conflict'
          ? t('save.dirty')
          : t('save.error', { message: status.message });
  return (
    <span className={`save save--${status.kind}`} role="status" aria-live="polite">
      <span className="save__dot" aria-hidden="true" />
      <span className="save__text">{text}</span>
      {status.kind === 'error' && (
        <button type="button" className="btn btn--ghost btn--small" onClick={onRetry}>
          {t('save.retry')}
        </button>
      )}
    </span>
  );
}
