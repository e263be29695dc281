import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adminApi, type VersionInfo } from '../api/admin';
import { ConfirmDialog, Spinner, formatWhen } from '../app/ui';

export function VersionsPanel({ botId, refreshKey, onRestore }: { botId: string; refreshKey: number; onRestore: (version: number) => Promise<void> }) {
  const { t, i18n } = useTranslation();
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<number | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    setError(null);
    adminApi
      .versions(botId)
      .then((v) => live && setVersions(v))
      .catch((err: Error) => live && setError(err.message));
    return () => {
      live = false;
    };
  }, [botId, refreshKey]);

  if (error) return <p className="notice notice--error">{t('versions.loadFailed', { message: error })}</p>;
  if (!versions) return <Spinner label={t('app.loading')} />;
  return (
    <div className="panel__section">
      {versions.length === 0 ? (
        <p className="muted">{t('versions.none')}</p>
      ) : (
        <ul className="versions" aria-label={t('versions.title')}>
          {versions.map((v, i) => (
            <li key={v.version} className="version">
              <div>
                <strong>{t('versions.version', { version: v.version })}</strong>
                {i === 0 && <span className="pill pill--success">{t('versions.live')}</span>}
                <p className="muted">{t('versions.publishedAt', { when: formatWhen(v.publishedAt, i18n.language) })}</p>
              </div>
              <button
                type="button"
                className="btn btn--ghost btn--small"
                disabled={busy !== null}
                onClick={() => setConfirm(v.version)}
                aria-label={`${t('versions.restore')}: ${t('versions.version', { version: v.version })}`}
              >
                {busy === v.version ? t('app.loading') : t('versions.restore')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {confirm !== null && (
        <ConfirmDialog
          title={t('versions.restore')}
          message={t('versions.restoreConfirm', { version: confirm })}
          confirmLabel={t('versions.restore')}
          onCancel={() => setConfirm(null)}
          onConfirm={() => {
            const v = confirm;
            setConfirm(null);
            setBusy(v);
            void onRestore(v).finally(() => setBusy(null));
          }}
        />
      )}
    </div>
  );
}
