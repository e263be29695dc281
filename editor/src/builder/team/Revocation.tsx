import { useTranslation } from 'react-i18next';
import { formatWhen } from '../app/ui';

/**
 * The status cell and revoke button of a revocable credential (an API token, an integration's key): the same look
 * and words wherever credentials are listed.
 */
export function RevocationStatus({ revokedAt }: { revokedAt: string | null }) {
  const { t, i18n } = useTranslation();
  return revokedAt ? (
    <span className="pill pill--muted">{t('tokens.revokedOn', { when: formatWhen(revokedAt, i18n.language) })}</span>
  ) : (
    <span className="pill pill--success">{t('tokens.active')}</span>
  );
}

export function RevokeButton({ busy, label, onRevoke }: { busy: boolean; label: string; onRevoke: () => void }) {
  const { t } = useTranslation();
  return (
    <button type="button" className="btn btn--ghost btn--small btn--danger-text" disabled={busy} aria-label={label} onClick={onRevoke}>
      {t('tokens.revoke')}
    </button>
  );
}
