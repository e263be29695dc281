import { useMemo } from 'react';
import type { Edge as RfEdge } from '@xyflow/react';
import { useAnalyticsStore } from '../analyticsStore';
import type { PathStep, Report } from '../analyticsApi';

export const MIN_WIDTH = 1;
export const MAX_WIDTH = 8;

/** Traffic through each edge: the count of its source step's outlet. */
export function edgeTraffic(edges: readonly Pick<RfEdge, 'id' | 'source' | 'sourceHandle'>[], steps: Report['steps']): Map<string, number> {
  return new Map(edges.map((e) => [e.id, steps[e.source]?.outlets[e.sourceHandle ?? ''] ?? 0]));
}

/** 1–8 px by share of the busiest edge; an edge nobody took stays at the thinnest. */
export function edgeWidth(count: number, max: number): number {
  if (max <= 0 || count <= 0) return MIN_WIDTH;
  return Math.round((MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * (count / max)) * 10) / 10;
}

/** The edges a path went along, each with the positions (1-based) of the step it left from. */
function pathEdges(edges: readonly RfEdge[], path: readonly PathStep[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  path.forEach((p, i) => {
    const next = path[i + 1];
    if (!next || p.outlet === null) return;
    const e = edges.find((x) => x.source === p.nodeId && x.sourceHandle === p.outlet && x.target === next.nodeId);
    if (e) out.set(e.id, [...(out.get(e.id) ?? []), i + 1]);
  });
  return out;
}

/**
 * The canvas's edges dressed for the overlay: stroke width by traffic with the count as a label, and a drawn path's
 * edges highlighted in order. Without the overlay the very same array comes back, so the canvas's own caching holds.
 */
export function useOverlayEdges(edges: RfEdge[]): RfEdge[] {
  const report = useAnalyticsStore((s) => (s.overlay.status === 'ready' ? s.overlay.report : null));
  const path = useAnalyticsStore((s) => s.path);
  return useMemo(() => {
    if (!report && !path) return edges;
    const traffic = report ? edgeTraffic(edges, report.steps) : null;
    const max = traffic ? Math.max(0, ...traffic.values()) : 0;
    const onPath = path ? pathEdges(edges, path.steps) : null;
    return edges.map((e) => {
      const count = traffic?.get(e.id);
      const order = onPath?.get(e.id);
      if (count === undefined && !order) return e;
      const width = count === undefined ? undefined : edgeWidth(count, max);
      const label = [count === undefined ? '' : String(count), order ? order.map((n) => `#${n}`).join(' ') : ''].filter(Boolean).join(' · ');
      return {
        ...e,
        className: [e.className, 'has-traffic', order ? 'is-on-path' : ''].filter(Boolean).join(' '),
        style: { ...e.style, ...(width === undefined ? {} : { strokeWidth: width }) },
        ...(order ? { animated: true } : {}),
        label,
        data: { ...e.data, traffic: count ?? null, width: width ?? null },
      };
    });
  }, [edges, report, path]);
}
