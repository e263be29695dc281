import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MarkerType,
  Panel,
  ReactFlow,
  getViewportForBounds,
  Position,
  useReactFlow,
  type Edge as RfEdge,
  type Node as RfNode,
  type OnDelete,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { Edge, FlowNode, StepKind } from '@parley/shared';
import {
  DEFAULT_DIM,
  addStep,
  applyEdgeChanges,
  applyNodeChanges,
  connect,
  deleteElements,
  endDrag,
  nodeById,
  outletsOf,
  useFlowStore,
  type Dim,
} from '../store/flowStore';
import { nodeTypes } from './nodeTypes';
import { FindBox } from './FindBox';
import { FlowMap } from './FlowMap';
import { useOverlayEdges } from '../analytics/overlay/overlayEdges';

export const DRAG_MIME = 'application/x-parley-step';
const EMPTY_DATA = {};

interface NodeCacheEntry {
  src: FlowNode;
  selected: boolean;
  dim: Dim | undefined;
  rf: RfNode;
}

/** Sizes of a node before React Flow has measured it, from the CSS in styles.css (head, one-line summary, one row per outlet). */
const NODE_WIDTH: Partial<Record<StepKind, number>> = { start: 160 };
const HEAD = 33;
const SUMMARY = 26;
const OUTLET = 23;

/**
 * Where a node and its handles will be, before it has ever rendered. Without this React Flow renders every
 * node once to measure its handles, which for a 2,000-step flow is most of the time it takes to open.
 */
function estimate(n: FlowNode): Pick<RfNode, 'initialWidth' | 'initialHeight' | 'handles'> {
  const width = NODE_WIDTH[n.type] ?? DEFAULT_DIM.width;
  const outlets = outletsOf(n.type, n.data);
  const top = HEAD + (n.type === 'start' ? 0 : SUMMARY) + 3;
  const height = top + Math.max(outlets.length * OUTLET, n.type === 'start' ? 0 : 30) + 4;
  return {
    initialWidth: width,
    initialHeight: height,
    handles: [
      ...(n.type === 'start' ? [] : [{ type: 'target' as const, position: Position.Top, x: width / 2 - 5.5, y: -5.5, width: 11, height: 11 }]),
      ...outlets.map((o, i) => ({ id: o.id, type: 'source' as const, position: Position.Right, x: width - 5.5, y: top + i * OUTLET + OUTLET / 2 - 5.5, width: 11, height: 11 })),
    ],
  };
}

/**
 * React Flow nodes from the document. An unchanged step keeps the same object, so React Flow
 * reuses its internals and its component does not re-render; `data` stays empty because each
 * node reads its own data from the store. A measured node carries its size and no estimate, so
 * React Flow keeps the handle positions it measured.
 */
function useRfNodes(): RfNode[] {
  const nodes = useFlowStore((s) => s.doc?.nodes);
  const selected = useFlowStore((s) => s.selectedNodes);
  const measured = useFlowStore((s) => s.measured);
  const cache = useRef(new Map<string, NodeCacheEntry>());
  return useMemo(() => {
    const next = new Map<string, NodeCacheEntry>();
    const out = (nodes ?? []).map((n) => {
      const sel = selected.has(n.id);
      const dim = measured.get(n.id);
      const hit = cache.current.get(n.id);
      const entry =
        hit && hit.src === n && hit.selected === sel && hit.dim === dim
          ? hit
          : {
              src: n,
              selected: sel,
              dim,
              rf: { id: n.id, type: n.type, position: n.position, data: EMPTY_DATA, selected: sel, deletable: true, ...(dim ? { measured: dim } : estimate(n)) },
            };
      next.set(n.id, entry);
      return entry.rf;
    });
    cache.current = next;
    return out;
  }, [nodes, selected, measured]);
}

const MARKER = { type: MarkerType.ArrowClosed, width: 16, height: 16 } as const;

function useRfEdges(): RfEdge[] {
  const edges = useFlowStore((s) => s.doc?.edges);
  const selected = useFlowStore((s) => s.selectedEdges);
  const cache = useRef(new Map<string, { src: Edge; selected: boolean; rf: RfEdge }>());
  return useMemo(() => {
    const next = new Map<string, { src: Edge; selected: boolean; rf: RfEdge }>();
    const out = (edges ?? []).map((e) => {
      const sel = selected.has(e.id);
      const hit = cache.current.get(e.id);
      const entry = hit && hit.src === e && hit.selected === sel ? hit : { src: e, selected: sel, rf: { ...e, type: 'smoothstep', selected: sel, markerEnd: MARKER } };
      next.set(e.id, entry);
      return entry.rf;
    });
    cache.current = next;
    return out;
  }, [edges, selected]);
}

export function flowBounds(nodes: readonly FlowNode[], measured: ReadonlyMap<string, Dim>) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const n of nodes) {
    const d = measured.get(n.id) ?? DEFAULT_DIM;
    minX = Math.min(minX, n.position.x);
    minY = Math.min(minY, n.position.y);
    maxX = Math.max(maxX, n.position.x + d.width);
    maxY = Math.max(maxY, n.position.y + d.height);
  }
  return nodes.length === 0 ? { x: 0, y: 0, width: 400, height: 300 } : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** Above this many steps, opening shows the start step at a readable zoom instead of the whole (unreadable, slow) flow. */
const FIT_ALL_LIMIT = 150;
const READABLE_ZOOM = 0.5;

/**
 * How far out a flow can be zoomed. Zoomed all the way out, every step is on screen and React Flow renders every one of
 * them: for a 2,000-step flow that is seconds of work for a view in which nothing is legible. Large flows stop at a
 * zoom that still shows their structure; the map in the corner shows the whole.
 */
export const minZoomFor = (steps: number) => (steps > 300 ? 0.25 : 0.05);


export function Canvas() {
  const { t } = useTranslation();
  const rf = useReactFlow();
  const nodes = useRfNodes();
  const edges = useOverlayEdges(useRfEdges());
  const focus = useFlowStore((s) => s.focus);
  const minZoom = useFlowStore((s) => minZoomFor(s.doc?.nodes.length ?? 0));
  const isEmpty = useFlowStore((s) => (s.doc?.nodes.length ?? 0) === 0);

  const fitAll = useCallback(
    (duration = 300) => {
      const { doc, measured } = useFlowStore.getState();
      const pane = document.querySelector('.canvas')?.getBoundingClientRect();
      if (!doc || !pane) return;
      void rf.setViewport(getViewportForBounds(flowBounds(doc.nodes, measured), pane.width, pane.height, minZoomFor(doc.nodes.length), 1, 0.12), { duration });
    },
    [rf],
  );

  /**
   * Small flows open fitted; when fitting would make the text unreadable (or, for large flows, render
   * thousands of nodes at once), open at a readable zoom with the start step at the top instead.
   */
  const showFlow = useCallback(
    (duration: number) => {
      const { doc, measured } = useFlowStore.getState();
      const pane = document.querySelector('.canvas')?.getBoundingClientRect();
      if (!doc || !pane) return;
      const start = doc.nodes.find((n) => n.type === 'start') ?? doc.nodes[0];
      const fit = getViewportForBounds(flowBounds(doc.nodes, measured), pane.width, pane.height, minZoomFor(doc.nodes.length), 1, 0.12);
      if ((doc.nodes.length <= FIT_ALL_LIMIT && fit.zoom >= READABLE_ZOOM) || !start) {
        void rf.setViewport(fit, { duration });
        return;
      }
      const zoom = 0.8;
      void rf.setViewport({ x: pane.width / 2 - (start.position.x + DEFAULT_DIM.width / 2) * zoom, y: 90 - start.position.y * zoom, zoom }, { duration });
    },
    [rf],
  );

  const onInit = useCallback(() => {
    performance.mark('parley:canvas-init');
    showFlow(0);
  }, [showFlow]);

  const fitSeq = useFlowStore((s) => s.fitSeq);
  useEffect(() => {
    if (fitSeq > 0) showFlow(300);
  }, [fitSeq, showFlow]);

  useEffect(() => {
    if (!focus) return;
    const { doc, measured } = useFlowStore.getState();
    const n = nodeById(doc, focus.nodeId);
    if (!n) return;
    const d = measured.get(n.id) ?? DEFAULT_DIM;
    void rf.setCenter(n.position.x + d.width / 2, n.position.y + d.height / 2, { zoom: Math.max(rf.getZoom(), 0.9), duration: 300 });
  }, [focus, rf]);

  // The preview's current step is brought into view when it is off screen, without changing the zoom.
  const previewNodeId = useFlowStore((s) => s.previewNodeId);
  useEffect(() => {
    if (!previewNodeId) return;
    const { doc, measured } = useFlowStore.getState();
    const n = nodeById(doc, previewNodeId);
    const pane = document.querySelector('.canvas')?.getBoundingClientRect();
    if (!n || !pane) return;
    const d = measured.get(n.id) ?? DEFAULT_DIM;
    const topLeft = rf.flowToScreenPosition(n.position);
    const bottomRight = rf.flowToScreenPosition({ x: n.position.x + d.width, y: n.position.y + d.height });
    const inside = topLeft.x >= pane.left && topLeft.y >= pane.top && bottomRight.x <= pane.right && bottomRight.y <= pane.bottom;
    if (!inside) void rf.setCenter(n.position.x + d.width / 2, n.position.y + d.height / 2, { zoom: rf.getZoom(), duration: 300 });
  }, [previewNodeId, rf]);

  const onDelete: OnDelete = useCallback(({ nodes: n, edges: e }) => deleteElements(n.map((x) => x.id), e.map((x) => x.id)), []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(DRAG_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_MIME) as StepKind;
      if (!kind) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      addStep(kind, { x: Math.round(p.x - DEFAULT_DIM.width / 2), y: Math.round(p.y - 30) });
    },
    [rf],
  );

  const ariaLabelConfig = useMemo(
    () => ({
      'controls.ariaLabel': t('canvas.controls'),
      'controls.zoomIn.ariaLabel': t('canvas.zoomIn'),
      'controls.zoomOut.ariaLabel': t('canvas.zoomOut'),
      'controls.fitView.ariaLabel': t('canvas.fitView'),
      'controls.interactive.ariaLabel': t('canvas.lock'),
      'minimap.ariaLabel': t('canvas.minimap'),
    }),
    [t],
  );

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={applyNodeChanges}
        onEdgesChange={applyEdgeChanges}
        onConnect={connect}
        onDelete={onDelete}
        onNodeDragStop={endDrag}
        onSelectionDragStop={endDrag}
        onInit={onInit}
        deleteKeyCode={['Delete', 'Backspace']}
        selectionKeyCode="Shift"
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        onlyRenderVisibleElements
        minZoom={minZoom}
        maxZoom={2}
        snapToGrid
        snapGrid={[10, 10]}
        elevateEdgesOnSelect
        ariaLabelConfig={ariaLabelConfig}
        aria-label={t('editor.canvas')}
        proOptions={{ hideAttribution: true }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="#cbd5e1" />
        <FlowMap />
        <Controls showFitView={false} showInteractive={false}>
          <ControlButton onClick={() => fitAll()} aria-label={t('canvas.fitView')} title={t('canvas.fitView')}>
            <svg viewBox="0 0 20 20" width="14" height="14" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
              <path d="M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4" />
            </svg>
          </ControlButton>
        </Controls>
        <Panel position="top-left" className="canvas__find">
          <FindBox />
        </Panel>
        {isEmpty && (
          <Panel position="top-center" className="canvas__empty">
            <strong>{t('canvas.emptyTitle')}</strong>
            <span>{t('canvas.emptyHint')}</span>
          </Panel>
        )}
      </ReactFlow>
    </div>
  );
}
