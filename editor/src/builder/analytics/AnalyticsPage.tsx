import { useTranslation } from 'react-i18next';
import { Spinner } from '../app/ui';
import { RangeFilter } from './RangeFilter';
import { SeriesChart } from './SeriesChart';
import { Tiles } from './Tiles';
import { Transcripts } from './Transcripts';
import { UnmatchedQuestions, type DraftSync } from './UnmatchedQuestions';
import { useReport } from './useReport';
import { useVersions } from './useVersions';
import './analytics.css';

interface Props {
  botId: string;
  draft: DraftSync;
  /** Back to the canvas, e.g. to see a drawn path or the phrase just added. */
  onOpenCanvas: () => void;
}

/** A bot's Analytics page: key figures and their definitions, conversations per day, unmatched questions and transcripts. */
export function AnalyticsPage({ botId, draft, onOpenCanvas }: Props) {
  const { t } = useTranslation();
  useVersions(botId);
  const { report, range } = useReport(botId);

  return (
    <div className="analytics-page" data-testid="analytics-page">
      <header className="analytics-page__head">
        <div>
          <h1>{t('analytics.title')}</h1>
          <p className="analytics-page__subtitle">{t('analytics.subtitle')}</p>
        </div>
        <RangeFilter />
      </header>
      <section aria-live="polite" aria-busy={report.status === 'loading' || report.status === 'idle'} className="analytics-report" data-testid="analytics-report">
        {(report.status === 'loading' || report.status === 'idle') && <Spinner label={t('analytics.loading')} />}
        {report.status === 'error' && (
          <div className="notice notice--error" role="alert">
            <p>{t('analytics.failed', { message: report.error })}</p>
            <button type="button" className="btn btn--primary" onClick={report.retry}>
              {t('app.retry')}
            </button>
          </div>
        )}
        {report.status === 'ready' && report.data.totals.started === 0 && (
          <div className="analytics-empty" data-testid="analytics-empty">
            <p>
              <strong>{t('analytics.empty')}</strong>
            </p>
            <p>{t('analytics.emptyHint')}</p>
          </div>
        )}
        {report.status === 'ready' && report.data.totals.started > 0 && (
          <>
            <Tiles report={report.data} />
            <SeriesChart series={report.data.series} />
          </>
        )}
      </section>
      <UnmatchedQuestions botId={botId} range={range} draft={draft} onOpenCanvas={onOpenCanvas} />
      <Transcripts botId={botId} range={range} onShowPath={onOpenCanvas} />
    </div>
  );
}
