import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Report } from './analyticsApi';
import { formatCount, formatDay } from './format';

const HEIGHT = 260;
const SERIES = [
  { key: 'started', color: '#1f6feb' },
  { key: 'automatedResolutions', label: 'automated', color: '#1a7f37' },
  { key: 'handoffs', color: '#9a6700' },
  { key: 'abandoned', color: '#cf222e' },
] as const;

const labelKey = (s: (typeof SERIES)[number]) => ('label' in s ? s.label : s.key);

/**
 * Conversations per day, drawn by uPlot on a canvas; a visually hidden table carries the same numbers for screen
 * readers (the canvas itself is hidden from them). Days are UTC, as the rollups are.
 */
export function SeriesChart({ series }: { series: Report['series'] }) {
  const { t, i18n } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const lang = i18n.language;

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    function draw(UPlot: typeof uPlot, el: HTMLDivElement): uPlot {
      const xs = series.map((p) => Date.parse(`${p.day}T00:00:00Z`) / 1000);
      const data: uPlot.AlignedData = [xs, ...SERIES.map((s) => series.map((p) => p[s.key]))];
      return new UPlot(
        {
          width: Math.max(el.clientWidth, 320),
          height: HEIGHT,
          tzDate: (ts) => UPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
          scales: { y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
          series: [
            { label: t('analytics.chart.day'), value: (_u, v) => (v === null ? '' : formatDay(new Date(v * 1000).toISOString().slice(0, 10), lang)) },
            ...SERIES.map((s) => ({ label: t(`analytics.chart.${labelKey(s)}`), stroke: s.color, width: 2, value: (_u: uPlot, v: number | null) => (v === null ? '' : formatCount(v, lang)) })),
          ],
          axes: [{}, { values: (_u, ticks) => ticks.map((v) => formatCount(v, lang)) }],
        },
        data,
        el,
      );
    }
    let plot: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    let gone = false;
    // Loaded with the page, not with the editor: uPlot reads the display's pixel ratio when its module loads.
    void import('uplot').then(({ default: UPlot }) => {
      if (gone) return;
      plot = draw(UPlot, el);
      const p = plot;
      resize = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => p.setSize({ width: Math.max(el.clientWidth, 320), height: HEIGHT }));
      resize?.observe(el);
    });
    return () => {
      gone = true;
      resize?.disconnect();
      plot?.destroy();
    };
  }, [series, t, lang]);

  return (
    <figure className="analytics-chart" data-testid="analytics-chart">
      <figcaption className="analytics-chart__title">{t('analytics.chart.title')}</figcaption>
      <div ref={host} className="analytics-chart__plot" aria-hidden="true" />
      <table className="sr-only">
        <caption>{t('analytics.chart.table')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analytics.chart.day')}</th>
            {SERIES.map((s) => (
              <th key={s.key} scope="col">
                {t(`analytics.chart.${labelKey(s)}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {series.map((p) => (
            <tr key={p.day}>
              <th scope="row">{formatDay(p.day, lang)}</th>
              {SERIES.map((s) => (
                <td key={s.key}>{formatCount(p[s.key], lang)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
