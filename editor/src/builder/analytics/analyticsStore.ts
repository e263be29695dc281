import { useEffect, useState } from 'react';
import { create } from 'zustand';
import type { VersionInfo } from '@parley/shared';
import type { PathStep, Report } from './analyticsApi';
import type { RangeChoice } from './range';

export type OverlayStatus = 'off' | 'loading' | 'ready' | 'error';

export interface AnalyticsState {
  botId: string | null;
  range: RangeChoice;
  /** A published version, null for all of them, undefined for "the latest published" until the versions are known. */
  version: number | null | undefined;
  versions: VersionInfo[] | null;
  overlay: { status: OverlayStatus; report: Report | null; error: string | null };
  /** One conversation's path drawn over the canvas, in order. */
  path: { conversationId: string; steps: PathStep[] } | null;
}

const initial = (botId: string | null): AnalyticsState => ({
  botId,
  range: { preset: 30 },
  version: undefined,
  versions: null,
  overlay: { status: 'off', report: null, error: null },
  path: null,
});

/**
 * What the Analytics page and the canvas overlay show: view state only. It lives apart from the flow store on purpose,
 * so that turning the overlay on, changing the range or drawing a path can never enter the document or its undo
 * history. The page and the overlay share the range and version, so the canvas shows the figures the page showed.
 */
export const useAnalyticsStore = create<AnalyticsState>(() => initial(null));

/** Another bot starts from the defaults; the same bot keeps its range when moving between the page and the canvas. */
export function openAnalyticsFor(botId: string) {
  if (useAnalyticsStore.getState().botId !== botId) useAnalyticsStore.setState(initial(botId));
}

export const resetAnalytics = () => useAnalyticsStore.setState(initial(null));
export const setRange = (range: RangeChoice) => useAnalyticsStore.setState({ range });
export const setVersion = (version: number | null) => useAnalyticsStore.setState({ version });
export const setVersions = (versions: VersionInfo[]) => useAnalyticsStore.setState({ versions });
export const setOverlay = (overlay: AnalyticsState['overlay']) => useAnalyticsStore.setState({ overlay });
export const showPath = (conversationId: string, steps: PathStep[]) => useAnalyticsStore.setState({ path: { conversationId, steps } });
export const clearPath = () => useAnalyticsStore.setState({ path: null });

/** The version to ask for: the latest published by default, every version when nothing is published yet. */
export function effectiveVersion(s: Pick<AnalyticsState, 'version' | 'versions'>): number | null | undefined {
  if (s.version !== undefined) return s.version;
  if (s.versions === null) return undefined;
  return s.versions.length === 0 ? null : Math.max(...s.versions.map((v) => v.version));
}

/** Called by the editor of a bot: the first render already sees this bot's analytics state, never the previous bot's. */
export function useAnalyticsFor(botId: string) {
  useState(() => openAnalyticsFor(botId));
  useEffect(() => openAnalyticsFor(botId), [botId]);
}
