import { useTranslation } from 'react-i18next';
import type { Report } from './analyticsApi';
import { formatCount, formatRate } from './format';

type TileKey = 'started' | 'automated' | 'handoff' | 'abandonment' | 'faqAnswer' | 'faqNoMatch' | 'articles';

/** Each rate with the counts behind it, so "50%" of 2 conversations is never mistaken for 50% of 2,000. */
function tilesOf(r: Report): { key: TileKey; rate: number | null; part: number; whole: number }[] {
  const { totals: x, rates } = r;
  const feedback = x.articleHelped + x.articleNotHelped;
  return [
    { key: 'automated', rate: rates.automatedResolution, part: x.automatedResolutions, whole: x.started },
    { key: 'handoff', rate: rates.handoff, part: x.handoffs, whole: x.started },
    { key: 'abandonment', rate: rates.abandonment, part: x.abandoned, whole: x.started },
    { key: 'faqAnswer', rate: rates.faqAnswer, part: x.faqAnswered, whole: x.faqQuestions },
    { key: 'faqNoMatch', rate: rates.faqNoMatch, part: x.faqNoMatch, whole: x.faqQuestions },
    { key: 'articles', rate: rates.articleHelpfulness, part: x.articleHelped, whole: feedback },
  ];
}

export function Tiles({ report }: { report: Report }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section className="analytics-tiles" aria-label={t('analytics.figures')}>
      <Tile id="started" title={t('analytics.tiles.started')} value={formatCount(report.totals.started, lang)} definition={t('analytics.definitions.started')} />
      {tilesOf(report).map((tile) => (
        <Tile
          key={tile.key}
          id={tile.key}
          title={t(`analytics.tiles.${tile.key}`)}
          value={formatRate(tile.rate, lang)}
          detail={tile.whole === 0 ? t('analytics.noData') : t('analytics.counts', { part: formatCount(tile.part, lang), whole: formatCount(tile.whole, lang) })}
          definition={t(`analytics.definitions.${tile.key}`, { suggested: formatCount(report.totals.faqSuggested, lang) })}
        />
      ))}
    </section>
  );
}

function Tile({ id, title, value, detail, definition }: { id: string; title: string; value: string; detail?: string; definition: string }) {
  const labelId = `analytics-tile-${id}-title`;
  return (
    <article className="analytics-tile" data-testid={`analytics-tile-${id}`} aria-labelledby={labelId}>
      <h3 id={labelId} className="analytics-tile__title">
        {title}
      </h3>
      <p className="analytics-tile__value">{value}</p>
      {detail && <p className="analytics-tile__detail">{detail}</p>}
      <p className="analytics-tile__definition">{definition}</p>
    </article>
  );
}
