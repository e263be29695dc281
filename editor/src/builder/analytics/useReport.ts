import { analyticsApi, type Report } from './analyticsApi';
import { effectiveVersion, useAnalyticsStore } from './analyticsStore';
import { resolveRange } from './range';
import { useFetch } from './useFetch';

/** The report for the shared range and version; waits (idle) until the default version is known. */
export function useReport(botId: string, enabled = true) {
  const choice = useAnalyticsStore((s) => s.range);
  const version = useAnalyticsStore(effectiveVersion);
  const range = resolveRange(choice);
  const key = !enabled || version === undefined ? null : `${botId}|${range.from}|${range.to}|${version ?? 'all'}`;
  const report = useFetch<Report>(key, (signal) => analyticsApi.report(botId, range, version ?? null, signal));
  return { report, range, version };
}
