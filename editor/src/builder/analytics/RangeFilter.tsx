import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { effectiveVersion, setRange, setVersion, useAnalyticsStore } from './analyticsStore';
import { PRESETS, isValidRange, resolveRange } from './range';

/** The date range (presets or custom days) and the version, shared by the page and the canvas overlay. */
export function RangeFilter() {
  const { t } = useTranslation();
  const range = useAnalyticsStore((s) => s.range);
  const versions = useAnalyticsStore((s) => s.versions);
  const version = useAnalyticsStore(effectiveVersion);
  const [custom, setCustom] = useState(() => resolveRange(range));
  const customValid = isValidRange(custom);
  const latest = versions && versions.length > 0 ? Math.max(...versions.map((v) => v.version)) : null;

  const editCustom = (next: { from: string; to: string }) => {
    setCustom(next);
    if (isValidRange(next)) setRange({ preset: 'custom', ...next });
  };

  return (
    <div className="analytics-filters" role="group" aria-label={t('analytics.filters')}>
      <div className="analytics-filters__presets" role="group" aria-label={t('analytics.range')}>
        {PRESETS.map((days) => (
          <button key={days} type="button" className="btn btn--ghost" aria-pressed={range.preset === days} onClick={() => setRange({ preset: days })}>
            {t('analytics.last', { count: days })}
          </button>
        ))}
        <button
          type="button"
          className="btn btn--ghost"
          aria-pressed={range.preset === 'custom'}
          onClick={() => {
            const current = resolveRange(range);
            setCustom(current);
            setRange({ preset: 'custom', ...current });
          }}
        >
          {t('analytics.custom')}
        </button>
      </div>
      {range.preset === 'custom' && (
        <div className="analytics-filters__custom">
          <label>
            {t('analytics.from')}
            <input type="date" value={custom.from} max={custom.to} aria-invalid={!customValid} onChange={(e) => editCustom({ ...custom, from: e.target.value })} />
          </label>
          <label>
            {t('analytics.to')}
            <input type="date" value={custom.to} min={custom.from} aria-invalid={!customValid} onChange={(e) => editCustom({ ...custom, to: e.target.value })} />
          </label>
          {!customValid && (
            <span className="field-error" role="alert">
              {t('analytics.invalidRange')}
            </span>
          )}
        </div>
      )}
      <label className="analytics-filters__version">
        {t('analytics.version')}
        <select value={version === undefined ? '' : String(version ?? 'all')} disabled={version === undefined} onChange={(e) => setVersion(e.target.value === 'all' ? null : Number(e.target.value))}>
          <option value="all">{t('analytics.allVersions')}</option>
          {[...(versions ?? [])]
            .sort((a, b) => b.version - a.version)
            .map((v) => (
              <option key={v.version} value={v.version}>
                {v.version === latest ? t('analytics.latest', { version: v.version }) : t('analytics.versionN', { version: v.version })}
              </option>
            ))}
        </select>
      </label>
    </div>
  );
}
