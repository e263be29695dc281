import { useDeferredValue, useMemo, useRef, type PointerEvent } from 'react';
import { Panel, useReactFlow, useStore } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { StepKind } from '@parley/shared';
import { DEFAULT_DIM, useFlowStore } from '../store/flowStore';
import { stepViews } from '../steps';

const WIDTH = 180;
const HEIGHT = 120;
const PAD = 6;

/**
 * An overview of the whole flow with the visible area marked; click or drag to move there.
 * React Flow's own mini map subscribes once per node, which in a 2,000-step flow costs more on
 * every drag than the canvas itself. This draws one path per kind from the document instead.
 */
export function FlowMap() {
  const { t } = useTranslation();
  const rf = useReactFlow();
  const nodes = useDeferredValue(useFlowStore((s) => s.doc?.nodes));
  const measured = useDeferredValue(useFlowStore((s) => s.measured));
  const [tx, ty, zoom] = useStore((s) => s.transform);
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);
  const dragging = useRef(false);

  const shapes = useMemo(() => {
    const byKind = new Map<StepKind, string[]>();
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (const n of nodes ?? []) {
      const d = measured.get(n.id) ?? DEFAULT_DIM;
      const { x, y } = n.position;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x + d.width);
      maxY = Math.max(maxY, y + d.height);
      let list = byKind.get(n.type);
      if (!list) byKind.set(n.type, (list = []));
      list.push(`M${Math.round(x)} ${Math.round(y)}h${Math.round(d.width)}v${Math.round(d.height)}h${-Math.round(d.width)}z`);
    }
    return { paths: [...byKind.entries()].map(([kind, parts]) => ({ kind, d: parts.join('') })), bounds: { minX, minY, maxX, maxY } };
  }, [nodes, measured]);

  // The visible area, in flow coordinates.
  const view = { x: -tx / zoom, y: -ty / zoom, width: paneWidth / zoom, height: paneHeight / zoom };
  const b = shapes.bounds;
  const minX = Math.min(Number.isFinite(b.minX) ? b.minX : view.x, view.x);
  const minY = Math.min(Number.isFinite(b.minY) ? b.minY : view.y, view.y);
  const maxX = Math.max(Number.isFinite(b.maxX) ? b.maxX : view.x + view.width, view.x + view.width);
  const maxY = Math.max(Number.isFinite(b.maxY) ? b.maxY : view.y + view.height, view.y + view.height);
  const scale = Math.min((WIDTH - 2 * PAD) / Math.max(maxX - minX, 1), (HEIGHT - 2 * PAD) / Math.max(maxY - minY, 1));
  const offsetX = PAD + ((WIDTH - 2 * PAD) - (maxX - minX) * scale) / 2 - minX * scale;
  const offsetY = PAD + ((HEIGHT - 2 * PAD) - (maxY - minY) * scale) / 2 - minY * scale;

  const moveTo = (e: PointerEvent<SVGSVGElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const fx = (e.clientX - rect.left - offsetX) / scale;
    const fy = (e.clientY - rect.top - offsetY) / scale;
    void rf.setCenter(fx, fy, { zoom });
  };

  return (
    <Panel position="bottom-right" className="flowmap">
      <svg
        width={WIDTH}
        height={HEIGHT}
        role="img"
        aria-label={t('canvas.minimap')}
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          moveTo(e);
        }}
        onPointerMove={(e) => dragging.current && moveTo(e)}
        onPointerUp={() => (dragging.current = false)}
      >
        <g transform={`translate(${offsetX} ${offsetY}) scale(${scale})`}>
          {shapes.paths.map((p) => (
            <path key={p.kind} d={p.d} fill={stepViews[p.kind].color} fillOpacity={0.75} />
          ))}
          <rect
            className="flowmap__view"
            x={view.x}
            y={view.y}
            width={view.width}
            height={view.height}
            fill="rgba(37, 99, 235, 0.08)"
            stroke="#2563eb"
            strokeWidth={1.5 / scale}
          />
        </g>
      </svg>
    </Panel>
  );
}
