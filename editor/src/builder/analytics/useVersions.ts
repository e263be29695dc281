import { useEffect } from 'react';
import { analyticsApi } from './analyticsApi';
import { setVersions, useAnalyticsStore } from './analyticsStore';

/** Loads the bot's published versions once; if they cannot be listed, the filter offers "all versions" only. */
export function useVersions(botId: string) {
  const known = useAnalyticsStore((s) => s.versions !== null && s.botId === botId);
  useEffect(() => {
    if (known) return;
    let live = true;
    analyticsApi.versions(botId).then(
      (v) => live && setVersions(v),
      () => live && setVersions([]),
    );
    return () => {
      live = false;
    };
  }, [botId, known]);
}
