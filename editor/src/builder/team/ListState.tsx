import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Spinner } from '../app/ui';

/** The states every Team list passes through before it shows rows: failed (with a retry), loading, and empty. */
export function ListState<T>({
  error,
  failedText,
  onRetry,
  items,
  emptyText,
  children,
}: {
  error: string | null;
  failedText: string;
  onRetry: () => void;
  items: readonly T[] | null;
  emptyText: string;
  children: (items: readonly T[]) => ReactNode;
}) {
  const { t } = useTranslation();
  if (error)
    return (
      <div className="notice notice--error" role="alert">
        {failedText}{' '}
        <button type="button" className="btn btn--ghost btn--small" onClick={onRetry}>
          {t('app.retry')}
        </button>
      </div>
    );
  if (items === null) return <Spinner label={t('app.loading')} />;
  if (items.length === 0)
    return (
      <div className="empty card">
        <p>{emptyText}</p>
      </div>
    );
  return <>{children(items)}</>;
}

/** A failed action on a list, shown until dismissed; the list itself stays usable. */
export function ActionError({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <div className="notice notice--error notice--row" role="alert">
      <span>{message}</span>
      <button type="button" className="btn btn--ghost btn--small" onClick={onDismiss}>
        {t('app.close')}
      </button>
    </div>
  );
}
